import { Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { AuditEntry as AuditEntryEntity } from '../../domain/audit/audit-entry.entity';
import { decodeAuditCursor, encodeAuditCursor } from '../../domain/audit/audit-trail.service';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { badInput } from '../../server/errors';
import { DEFAULT_PAGE_SIZE } from '../common/connection';
import { fromGlobalId, Node, toGlobalId } from '../common/node';
import { resolveNode } from '../system/resolve-node';
import { AuditEntriesArgs, AuditEntry, AuditEntryConnection } from './audit.types';

/** Audited entity types whose key is also their global id's key, so `entity` can resolve them. */
const NODE_TYPES = new Set(['Enterprise', 'SkillChain', 'PostDemand', 'DemandSurvey', 'Provider', 'Course', 'SubsidyStandard', 'ShortageCatalog', 'RegionPolicy', 'JobSeeker', 'Enrollment', 'Occupation', 'IndicatorTarget']);

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @Authorized(Role.ADMIN)
  @Query(() => AuditEntryConnection, {
    description:
      'The audit trail, newest first (ADMIN): every change concerning your region, and changes to national data. Cursors follow entries, so pages hold still while new changes are written.',
  })
  async auditEntries(@Args() args: AuditEntriesArgs, @Ctx() ctx: Context): Promise<AuditEntryConnection> {
    const afterId = args.after === undefined ? undefined : decodeAuditCursor(args.after);
    if (args.after !== undefined && afterId === undefined) throw badInput('after is not a cursor this list gave out', ['after']);
    const { entityId, ...rest } = args.filter ?? {};
    const subject = entityId === undefined ? undefined : fromGlobalId(entityId);
    if (entityId !== undefined && !subject) throw badInput('filter.entityId is not a global id', ['filter', 'entityId']);
    const filter = { ...rest, ...(subject ? { entityType: subject.type, entityId: subject.key } : {}) };
    if (subject && rest.entityType && rest.entityType !== subject.type) throw badInput(`filter.entityId is the id of a ${subject.type}, not a ${rest.entityType}`, ['filter', 'entityType']);
    const page = await ctx.services.auditTrail.page(ctx.principal!, filter, afterId, args.first ?? DEFAULT_PAGE_SIZE);
    const edges = page.entries.map((node) => ({ cursor: encodeAuditCursor(node.id), node }));
    return {
      edges,
      nodes: page.entries,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: afterId !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    } as unknown as AuditEntryConnection;
  }

  @FieldResolver(() => ID)
  id(@Root() entry: AuditEntryEntity): string {
    return toGlobalId('AuditEntry', entry.id);
  }

  @FieldResolver(() => String)
  entityKey(@Root() entry: AuditEntryEntity): string {
    return entry.entityId;
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The object changed, as you may see it now; null for bulk loads, sync batches and objects no longer there.' })
  entity(@Root() entry: AuditEntryEntity, @Ctx() ctx: Context): Promise<object | null> | null {
    return NODE_TYPES.has(entry.entityType) ? resolveNode(toGlobalId(entry.entityType, entry.entityId), ['entity'], ctx) : null;
  }
}

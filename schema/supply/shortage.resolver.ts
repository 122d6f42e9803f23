import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { todayInChina } from '../../domain/demand/post-demand-rules';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import type { DemandGapRow as GapRowShape } from '../../domain/supply/demand-gap.service';
import type { RegionPolicy as RegionPolicyEntity, ShortageCatalog as CatalogEntity, ShortageCatalogEntry as EntryEntity } from '../../domain/supply/shortage-catalog.entity';
import { canReadCatalog, canReadRegionPolicy } from '../../domain/supply/shortage-catalog.service';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, DEFAULT_PAGE_SIZE, pageWindow } from '../common/connection';
import { inputIdOf, toGlobalId } from '../common/node';
import { Occupation } from '../occupation/occupation.types';
import { Region } from '../region/region.types';
import {
  DemandGapArgs,
  DraftShortageCatalogInput,
  PublishShortageCatalogInput,
  RemoveShortageCatalogEntryInput,
  SetRegionPolicyInput,
  SetShortageCatalogEntryInput,
  ShortageCatalogsArgs,
  ShortageStatusArgs,
} from './shortage.inputs';
import {
  DemandGapRow,
  RegionPolicy,
  RegionPolicyPayload,
  ShortageCatalog,
  ShortageCatalogConnection,
  ShortageCatalogEntry,
  ShortageCatalogPayload,
  ShortageEvidence,
} from './shortage.types';

const DATABASE_ID = /^\d{1,18}$/;

/** `node(id)` for a ShortageCatalog: published and superseded ones for anyone, drafts for ADMIN of a covering region. */
export async function resolveShortageCatalogNode(ctx: Context, key: string): Promise<CatalogEntity | null> {
  if (!DATABASE_ID.test(key)) return null;
  const catalog = await ctx.loaders.shortageCatalog.load(key);
  return catalog && canReadCatalog(ctx.principal, catalog) ? catalog : null;
}

/** `node(id)` for a ShortageCatalogEntry: whoever may read its catalog. */
export async function resolveShortageEntryNode(ctx: Context, key: string): Promise<EntryEntity | null> {
  if (!DATABASE_ID.test(key)) return null;
  const entry = await ctx.loaders.shortageEntry.load(key);
  return entry && (await resolveShortageCatalogNode(ctx, entry.catalogId)) ? entry : null;
}

/** `node(id)` for a RegionPolicy: the ADMIN `setRegionPolicy` would show it to. */
export async function resolveRegionPolicyNode(ctx: Context, regionCode: string): Promise<RegionPolicyEntity | null> {
  if (!canReadRegionPolicy(ctx.principal, regionCode)) return null;
  return (await ctx.loaders.regionPolicy.load(regionCode)) ?? null;
}

@Resolver(() => ShortageCatalog)
export class ShortageCatalogResolver {
  @Query(() => ShortageCatalogConnection, {
    description: 'Shortage-occupation catalogs, drafts first, then the latest effective first: published and superseded ones for anyone, drafts for ADMIN of a covering region.',
  })
  async shortageCatalogs(@Args() args: ShortageCatalogsArgs, @Ctx() ctx: Context): Promise<ShortageCatalogConnection> {
    const window = pageWindow(args);
    const page = await ctx.services.shortageCatalogs.list(ctx.principal, args.filter ?? {}, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as ShortageCatalogConnection;
  }

  @Query(() => ShortageCatalogEntry, {
    nullable: true,
    description:
      'The entry in force for an occupation in a region on a day (default today): from the catalog of the nearest region (district, city, province) with one in force then, the latest of that region. Null when it does not list the occupation.',
  })
  shortageStatus(@Args() args: ShortageStatusArgs, @Ctx() ctx: Context): Promise<EntryEntity | null> {
    return ctx.services.shortageCatalogs.inForce(args.regionCode, args.occupationCode, args.on ?? todayInChina());
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR)
  @Query(() => [DemandGapRow], {
    description:
      'Per occupation in a region and below it, today: open demand headcount, supply, their ratio and whether the catalog in force lists it. No supply first (most wanted first), then the highest ratio (ADMIN or COUNSELLOR of a covering region).',
  })
  demandGap(@Args() args: DemandGapArgs, @Ctx() ctx: Context): Promise<GapRowShape[]> {
    return ctx.services.demandGap.gap(ctx.principal!, args.regionCode, args.first ?? DEFAULT_PAGE_SIZE);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ShortageCatalogPayload, { description: "Draft a catalog for a region of your scope from today's demand gap (ADMIN); uplifts start at 0." })
  async draftShortageCatalog(@Arg('input') input: DraftShortageCatalogInput, @Ctx() ctx: Context): Promise<ShortageCatalogPayload> {
    const shortageCatalog = await ctx.services.shortageCatalogs.draft(ctx.principal!, ctx.actor(), input);
    return { shortageCatalog, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ShortageCatalogPayload, { description: 'Add or change the entry for an occupation on a draft (ADMIN of a region covering it).' })
  async setShortageCatalogEntry(@Arg('input') input: SetShortageCatalogEntryInput, @Ctx() ctx: Context): Promise<ShortageCatalogPayload> {
    const catalogId = inputIdOf('ShortageCatalog', input.catalogId, ['input', 'catalogId']);
    const shortageCatalog = await ctx.services.shortageCatalogs.setEntry(ctx.principal!, ctx.actor(), { ...input, catalogId });
    ctx.loaders.shortageCatalogEntries.clear(catalogId);
    return { shortageCatalog, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ShortageCatalogPayload, { description: 'Take an occupation off a draft (ADMIN of a region covering it).' })
  async removeShortageCatalogEntry(@Arg('input') input: RemoveShortageCatalogEntryInput, @Ctx() ctx: Context): Promise<ShortageCatalogPayload> {
    const catalogId = inputIdOf('ShortageCatalog', input.catalogId, ['input', 'catalogId']);
    const shortageCatalog = await ctx.services.shortageCatalogs.removeEntry(ctx.principal!, ctx.actor(), catalogId, input.occupationCode);
    ctx.loaders.shortageCatalogEntries.clear(catalogId);
    return { shortageCatalog, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ShortageCatalogPayload, {
    description:
      "Put a draft in force from `effectiveFrom` (ADMIN of a region covering it). The region's previous catalog becomes SUPERSEDED; every course whose shortage entry changes is reindexed.",
  })
  async publishShortageCatalog(@Arg('input') input: PublishShortageCatalogInput, @Ctx() ctx: Context): Promise<ShortageCatalogPayload> {
    const catalogId = inputIdOf('ShortageCatalog', input.catalogId, ['input', 'catalogId']);
    const shortageCatalog = await ctx.services.shortageCatalogs.publish(ctx.principal!, ctx.actor(), catalogId, input.effectiveFrom);
    // The predecessor changed too.
    ctx.loaders.shortageCatalog.clearAll();
    return { shortageCatalog, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RegionPolicyPayload, { description: 'Set the cap on shortage uplifts for a region of your scope and the regions below it without their own (ADMIN). UPLIFT_ABOVE_CAP on `maxShortageUpliftPercent` when a published catalog of those regions has a higher uplift: publish one within the new cap first.' })
  async setRegionPolicy(@Arg('input') input: SetRegionPolicyInput, @Ctx() ctx: Context): Promise<RegionPolicyPayload> {
    const regionPolicy = await ctx.services.shortageCatalogs.setRegionPolicy(ctx.principal!, ctx.actor(), input.regionCode, input.maxShortageUpliftPercent);
    return { regionPolicy, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() catalog: CatalogEntity): string {
    return toGlobalId('ShortageCatalog', catalog.id);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() catalog: CatalogEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(catalog.regionCode);
  }

  @FieldResolver(() => ShortageCatalog, { nullable: true, description: 'The catalog that replaced this one.' })
  async supersededBy(@Root() catalog: CatalogEntity, @Ctx() ctx: Context): Promise<CatalogEntity | null> {
    return catalog.supersededById ? ((await ctx.loaders.shortageCatalog.load(catalog.supersededById)) ?? null) : null;
  }

  @FieldResolver(() => [ShortageCatalogEntry], { description: 'Most severe first, then by occupation code.' })
  entries(@Root() catalog: CatalogEntity, @Ctx() ctx: Context): Promise<EntryEntity[]> {
    return ctx.loaders.shortageCatalogEntries.load(catalog.id);
  }
}

@Resolver(() => ShortageCatalogEntry)
export class ShortageCatalogEntryResolver {
  @FieldResolver(() => ID)
  id(@Root() entry: EntryEntity): string {
    return toGlobalId('ShortageCatalogEntry', entry.id);
  }

  @FieldResolver(() => Occupation, { nullable: true })
  occupation(@Root() entry: EntryEntity, @Ctx() ctx: Context): OccupationEntity | undefined | Promise<OccupationEntity | undefined> {
    return ctx.loaders.occupation.now(entry.occupationCode);
  }

  @FieldResolver(() => ShortageCatalog, { description: 'The catalog the entry is on.' })
  async catalog(@Root() entry: EntryEntity, @Ctx() ctx: Context): Promise<CatalogEntity> {
    return (await ctx.loaders.shortageCatalog.load(entry.catalogId))!;
  }

  @FieldResolver(() => ShortageEvidence, { nullable: true, description: 'What the draft based the entry on; null for an entry added by hand.' })
  evidence(@Root() entry: EntryEntity): ShortageEvidence | null {
    if (entry.evidenceDemandHeadcount === null || entry.evidenceSupply === null) return null;
    return { demandHeadcount: entry.evidenceDemandHeadcount, supply: entry.evidenceSupply, ratio: entry.evidenceRatio };
  }
}

@Resolver(() => DemandGapRow)
export class DemandGapRowResolver {
  @FieldResolver(() => Occupation, { nullable: true })
  occupation(@Root() row: GapRowShape, @Ctx() ctx: Context): Promise<OccupationEntity | undefined> {
    return ctx.loaders.occupation.load(row.occupationCode);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the catalog in force today for the region lists the occupation.' })
  listed(@Root() row: GapRowShape): boolean {
    return row.entryId !== null;
  }

  @FieldResolver(() => ShortageCatalogEntry, { nullable: true, description: 'The entry of the catalog in force today, with its level and uplift.' })
  async entry(@Root() row: GapRowShape, @Ctx() ctx: Context): Promise<EntryEntity | null> {
    return row.entryId ? ((await ctx.loaders.shortageEntry.load(row.entryId)) ?? null) : null;
  }
}

@Resolver(() => RegionPolicy)
export class RegionPolicyResolver {
  @FieldResolver(() => ID)
  id(@Root() policy: RegionPolicyEntity): string {
    return toGlobalId('RegionPolicy', policy.regionCode);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region the policy is set for (`regionCode`).' })
  region(@Root() policy: RegionPolicyEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(policy.regionCode);
  }
}

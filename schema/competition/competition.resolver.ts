import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Competition as CompetitionEntity, CompetitionFinalist as CompetitionFinalistEntity } from '../../domain/competition/competition.entity';
import type { Enterprise as EnterpriseEntity } from '../../domain/enterprise/enterprise.entity';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import { canReadSeeker } from '../../domain/seeker/job-seeker.service';
import type { Provider as ProviderEntity } from '../../domain/supply/provider.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { SubsidyClaimsPayload } from '../claim/claim.inputs';
import { PageArgs, connectionFrom, pageWindow } from '../common/connection';
import { inputIdOf, toGlobalId } from '../common/node';
import { resolveEnterpriseNode } from '../enterprise/enterprise.resolver';
import { Enterprise } from '../enterprise/enterprise.types';
import { JobSeeker } from '../seeker/job-seeker.types';
import { Provider } from '../supply/provider.types';
import { ClaimCompetitionSubsidiesInput, CompetitionFinalistsPayload, CompetitionPayload, RecordCompetitionFinalistsInput, RegisterCompetitionInput } from './competition.inputs';
import { Competition, CompetitionConnection, CompetitionFinalist } from './competition.types';

/** `node(id)` for a Competition: the bureaus, as `competitions` is theirs. */
export async function resolveCompetitionNode(ctx: Context, key: string): Promise<CompetitionEntity | null> {
  return ctx.principal?.role === Role.ADMIN ? ((await ctx.loaders.competition.load(key)) ?? null) : null;
}

/** `node(id)` for a CompetitionFinalist: the bureaus, the enterprise or college that sent them, the finalist themself. */
export async function resolveCompetitionFinalistNode(ctx: Context, key: string): Promise<CompetitionFinalistEntity | null> {
  const finalist = await ctx.loaders.competitionFinalist.load(key);
  const principal = ctx.principal;
  if (!finalist || !principal) return null;
  const reads =
    principal.role === Role.ADMIN ||
    (principal.role === Role.ENTERPRISE && !!finalist.enterpriseId && principal.enterpriseId === finalist.enterpriseId) ||
    (principal.role === Role.PROVIDER && !!finalist.providerId && principal.providerId === finalist.providerId) ||
    (principal.role === Role.SEEKER && principal.seekerId === finalist.seekerId);
  return reads ? finalist : null;
}

@Resolver(() => Competition)
export class CompetitionResolver {
  @Authorized(Role.ADMIN)
  @Query(() => CompetitionConnection, { description: 'Skill competitions, latest final first (ADMIN).' })
  async competitions(@Args() args: PageArgs, @Ctx() ctx: Context): Promise<CompetitionConnection> {
    const window = pageWindow(args);
    const page = await ctx.services.competitions.list(window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as CompetitionConnection;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CompetitionPayload, { description: 'Record a skill competition (职业技能竞赛). Refused: NOT_FOUND (region, occupation), INVALID (blank name, a final more than a year ahead).' })
  async registerCompetition(@Arg('input') input: RegisterCompetitionInput, @Ctx() ctx: Context): Promise<CompetitionPayload> {
    const competition = await ctx.services.competitions.register(ctx.actor(), input);
    return { competition, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CompetitionFinalistsPayload, {
    description:
      'Record the finalists (进入决赛的选手) that enterprises and colleges of your region sent, all or none. Refused per finalist: NOT_FOUND (competition, seeker, enterprise or college not of your region), INVALID (neither or both senders, a provider that is no college, a seeker named twice), DUPLICATE (already a finalist).',
  })
  async recordCompetitionFinalists(@Arg('input') input: RecordCompetitionFinalistsInput, @Ctx() ctx: Context): Promise<CompetitionFinalistsPayload> {
    const competitionId = inputIdOf('Competition', input.competitionId, ['input', 'competitionId']);
    const finalists = input.finalists.map((f, i) => ({
      seekerId: inputIdOf('JobSeeker', f.seekerId, ['input', 'finalists', String(i), 'seekerId']),
      enterpriseId: f.enterpriseId ? inputIdOf('Enterprise', f.enterpriseId, ['input', 'finalists', String(i), 'enterpriseId']) : null,
      providerId: f.providerId ? inputIdOf('Provider', f.providerId, ['input', 'finalists', String(i), 'providerId']) : null,
    }));
    const saved = await ctx.services.competitions.recordFinalists(ctx.principal!, ctx.actor(), competitionId, finalists);
    ctx.loaders.competitionFinalists.clear(competitionId);
    return { finalists: saved, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.ENTERPRISE, Role.PROVIDER)
  @Mutation(() => SubsidyClaimsPayload, {
    description:
      "Claim the competition subsidy (竞赛补贴) for finalists, one claim each, all or none: the enterprise or college that sent them, or the bureau of its region. Pays the COMPETITION standard of the competition's level in force on its final where the sender is, to the sender. Refused: NOT_FOUND, ALREADY_CLAIMED, NOT_CLAIMABLE (no standard), INVALID (a finalist named twice).",
  })
  async claimCompetitionSubsidies(@Arg('input') input: ClaimCompetitionSubsidiesInput, @Ctx() ctx: Context): Promise<SubsidyClaimsPayload> {
    const finalistIds = input.finalistIds.map((id, i) => inputIdOf('CompetitionFinalist', id, ['input', 'finalistIds', String(i)]));
    const subsidyClaims = await ctx.services.subsidyClaims.claimForFinalists(ctx.principal!, ctx.actor(), finalistIds);
    return { subsidyClaims, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() competition: CompetitionEntity): string {
    return toGlobalId('Competition', competition.id);
  }

  @FieldResolver(() => [CompetitionFinalist], { description: 'In the order recorded.' })
  finalists(@Root() competition: CompetitionEntity, @Ctx() ctx: Context): Promise<CompetitionFinalistEntity[]> {
    return ctx.loaders.competitionFinalists.load(competition.id);
  }
}

@Resolver(() => CompetitionFinalist)
export class CompetitionFinalistResolver {
  @FieldResolver(() => ID)
  id(@Root() finalist: CompetitionFinalistEntity): string {
    return toGlobalId('CompetitionFinalist', finalist.id);
  }

  @FieldResolver(() => Competition)
  async competition(@Root() finalist: CompetitionFinalistEntity, @Ctx() ctx: Context): Promise<CompetitionEntity> {
    return (await ctx.loaders.competition.load(finalist.competitionId))!;
  }

  @FieldResolver(() => JobSeeker, { nullable: true, description: 'Null for callers who may not read the seeker.' })
  async jobSeeker(@Root() finalist: CompetitionFinalistEntity, @Ctx() ctx: Context): Promise<JobSeekerEntity | null> {
    const seeker = await ctx.loaders.jobSeeker.load(finalist.seekerId);
    return seeker && canReadSeeker(ctx.principal, seeker) ? seeker : null;
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The enterprise that sent them; null when a college did, and for callers who may not read enterprises.' })
  enterprise(@Root() finalist: CompetitionFinalistEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> | null {
    return finalist.enterpriseId ? resolveEnterpriseNode(ctx, finalist.enterpriseId) : null;
  }

  @FieldResolver(() => Provider, { nullable: true, description: 'The college that sent them; null when an enterprise did.' })
  async provider(@Root() finalist: CompetitionFinalistEntity, @Ctx() ctx: Context): Promise<ProviderEntity | null> {
    return finalist.providerId ? ((await ctx.loaders.provider.load(finalist.providerId)) ?? null) : null;
  }
}

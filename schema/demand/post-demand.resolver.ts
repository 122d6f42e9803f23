import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DemandSurvey as SurveyEntity } from '../../domain/demand/demand-survey.entity';
import type { PostDemand as PostDemandEntity } from '../../domain/demand/post-demand.entity';
import { canRead, effectiveStatus, type PostDemandFilter as FilterShape, type UpdatePostDemandPatch } from '../../domain/demand/post-demand.service';
import type { Enterprise as EnterpriseEntity } from '../../domain/enterprise/enterprise.entity';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { NotFoundError } from '../../server/errors';
import { connectionFrom, pageWindow } from '../common/connection';
import { PostDemandStatus } from '../common/enums';
import { argIdOf, inputIdOf, toGlobalId } from '../common/node';
import { Enterprise } from '../enterprise/enterprise.types';
import { Occupation } from '../occupation/occupation.types';
import { Region } from '../region/region.types';
import {
  PostDemand,
  PostDemandArgs,
  PostDemandConnection,
  PostDemandPayload,
  PostDemandsArgs,
  SubmitPostDemandInput,
  UpdatePostDemandInput,
  WithdrawPostDemandInput,
} from './post-demand.types';
import { DemandSurvey } from './survey.types';

/** Who may read post demand: staff of a covering region, agencies of theirs, an enterprise its own lines. */
const READERS = [Role.ADMIN, Role.COUNSELLOR, Role.AGENCY, Role.ENTERPRISE] as const;

/** `node(id)` for a PostDemand: null when anonymous, unknown, or not the caller's to read. */
export async function resolvePostDemandNode(ctx: Context, key: string): Promise<PostDemandEntity | null> {
  if (!ctx.principal || !/^\d{1,18}$/.test(key)) return null;
  const line = await ctx.loaders.postDemand.load(key);
  return line && canRead(ctx.principal, line) ? line : null;
}

@Resolver(() => PostDemand)
export class PostDemandResolver {
  @Authorized(...READERS)
  @Query(() => PostDemandConnection, {
    description:
      'Post demand you may read: with `query`, full text (Meilisearch) best match first; without, newest first. Only OPEN lines unless `filter.status` says otherwise.',
  })
  async postDemands(@Args() args: PostDemandsArgs, @Ctx() ctx: Context): Promise<PostDemandConnection> {
    const window = pageWindow(args);
    const given = args.filter ?? {};
    const filter: FilterShape = {
      regionCode: given.regionCode,
      occupationCode: given.occupationCode,
      status: given.status,
      minSkillLevel: given.minSkillLevel,
      enterpriseId: given.enterpriseId ? argIdOf('Enterprise', given.enterpriseId, ['filter', 'enterpriseId']) : undefined,
      chainId: given.chainId ? argIdOf('SkillChain', given.chainId, ['filter', 'chainId']) : undefined,
      surveyId: given.surveyId ? argIdOf('DemandSurvey', given.surveyId, ['filter', 'surveyId']) : undefined,
    };
    const page = await ctx.services.postDemands.find(ctx.principal!, args.query, filter, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as PostDemandConnection;
  }

  @Authorized(...READERS)
  @Query(() => PostDemand, { nullable: true, description: 'One line by global id; NOT_FOUND (field `id`) when there is none you may read.' })
  async postDemand(@Args() { id }: PostDemandArgs, @Ctx() ctx: Context): Promise<PostDemandEntity> {
    const line = await resolvePostDemandNode(ctx, argIdOf('PostDemand', id, ['id']));
    if (!line) throw new NotFoundError('PostDemand', id, ['id']);
    return line;
  }

  @Authorized(Role.ADMIN, Role.ENTERPRISE)
  @Mutation(() => PostDemandPayload, { description: 'Declare a post-demand line, in an open survey round or as a standing demand (the enterprise, or ADMIN of its region).' })
  async submitPostDemand(@Arg('input') input: SubmitPostDemandInput, @Ctx() ctx: Context): Promise<PostDemandPayload> {
    const enterpriseId = inputIdOf('Enterprise', input.enterpriseId, ['input', 'enterpriseId']);
    const surveyId = input.surveyId ? inputIdOf('DemandSurvey', input.surveyId, ['input', 'surveyId']) : null;
    const postDemand = await ctx.services.postDemands.submit(ctx.principal!, ctx.actor(), { ...input, enterpriseId, surveyId });
    return { postDemand, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.ENTERPRISE)
  @Mutation(() => PostDemandPayload, { description: 'Change fields of an OPEN line (the enterprise, or ADMIN of its region).' })
  async updatePostDemand(@Arg('input') input: UpdatePostDemandInput, @Ctx() ctx: Context): Promise<PostDemandPayload> {
    const id = inputIdOf('PostDemand', input.postDemandId, ['input', 'postDemandId']);
    const { postDemandId: _, surveyId, ...fields } = input;
    const patch: UpdatePostDemandPatch = {
      ...fields,
      surveyId: surveyId === undefined ? undefined : surveyId === null ? null : inputIdOf('DemandSurvey', surveyId, ['input', 'surveyId']),
    };
    const postDemand = await ctx.services.postDemands.update(ctx.principal!, ctx.actor(), id, patch);
    return { postDemand, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.ENTERPRISE)
  @Mutation(() => PostDemandPayload, { description: 'Withdraw an OPEN line; it leaves search and open totals and stays readable as WITHDRAWN.' })
  async withdrawPostDemand(@Arg('input') input: WithdrawPostDemandInput, @Ctx() ctx: Context): Promise<PostDemandPayload> {
    const id = inputIdOf('PostDemand', input.postDemandId, ['input', 'postDemandId']);
    const postDemand = await ctx.services.postDemands.withdraw(ctx.principal!, ctx.actor(), id);
    return { postDemand, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() line: PostDemandEntity): string {
    return toGlobalId('PostDemand', line.id);
  }

  @FieldResolver(() => PostDemandStatus, { description: 'An OPEN line past its valid-until date reads as EXPIRED.' })
  status(@Root() line: PostDemandEntity): PostDemandStatus {
    return effectiveStatus(line);
  }

  @FieldResolver(() => Occupation, { nullable: true })
  occupation(@Root() line: PostDemandEntity, @Ctx() ctx: Context): Promise<OccupationEntity | undefined> {
    return ctx.loaders.occupation.load(line.occupationCode);
  }

  @FieldResolver(() => Enterprise)
  async enterprise(@Root() line: PostDemandEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity> {
    const enterprise = await ctx.loaders.enterprise.load(line.enterpriseId);
    if (!enterprise) throw new Error(`enterprise ${line.enterpriseId} of post demand ${line.id} is missing`);
    return enterprise;
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() line: PostDemandEntity, @Ctx() ctx: Context): Promise<RegionEntity | undefined> {
    return ctx.loaders.region.load(line.regionCode);
  }

  @FieldResolver(() => DemandSurvey, { nullable: true, description: 'The survey round the line was submitted to; null for a standing demand.' })
  async survey(@Root() line: PostDemandEntity, @Ctx() ctx: Context): Promise<SurveyEntity | null> {
    return line.surveyId ? ((await ctx.loaders.survey.load(line.surveyId)) ?? null) : null;
  }
}

import { ArrayMaxSize } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Enterprise as EnterpriseEntity } from '../../domain/enterprise/enterprise.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import type { Provider as ProviderEntity } from '../../domain/supply/provider.entity';
import { Enterprise } from '../enterprise/enterprise.types';
import { Region } from '../region/region.types';
import { JobSeeker } from '../seeker/job-seeker.types';
import { Provider } from '../supply/provider.types';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { searchIndexStatus } from '../../search/status';
import { searchIndexes } from '../../search/registry';
import { Node } from '../common/node';
import { resolveNode } from './resolve-node';
import { DateTimeScalar } from '../common/scalars';

registerEnumType(Role, {
  name: 'Role',
  description: 'What a principal may do; see README “Who may do what”.',
  valuesConfig: {
    ADMIN: { description: '人社部门（HRSS bureau staff）: everything in its region.' },
    COUNSELLOR: { description: '就业服务专员（career counsellor）: seekers, courses and demand in its region.' },
    ENTERPRISE: { description: '用人单位（enterprise）: its own profile and post demand.' },
    PROVIDER: { description: '培训机构（training provider）: its own courses and enrolments.' },
    AGENCY: { description: '人力资源服务机构（employment agency）: syncs post demand from its source.' },
    SEEKER: { description: '求职者（job seeker）: their own profile, matches and enrolments.' },
  },
});

@ObjectType({ description: 'Who the request is made as.' })
class Principal {
  @Field({ description: 'Subject of the token, or `api-key:<prefix>`.' })
  subject: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true, description: 'Region the principal acts in, covering every region below it.' })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Database key of the enterprise an ENTERPRISE token acts for; `enterprise { id }` is its global id.' })
  enterpriseId?: string;

  @Field(() => String, { nullable: true, description: 'Database key of the provider a PROVIDER token acts for; `provider { id }` is its global id.' })
  providerId?: string;

  @Field(() => String, { nullable: true })
  agency?: string;

  @Field(() => String, { nullable: true, description: 'Database key of the job seeker a SEEKER token is; `seeker { id }` is the global id `courseMatches` takes.' })
  seekerId?: string;

  @Field({ description: '`TOKEN` or `API_KEY`.' })
  authenticatedBy: string;
}

/** The objects beside the principal's keys, as every reference is (API.md): a client passes their global ids on. */
@Resolver(() => Principal)
export class PrincipalResolver {
  @FieldResolver(() => Region, { nullable: true, description: 'The region of `regionCode`.' })
  region(@Root() principal: Principal, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return principal.regionCode ? ctx.loaders.region.now(principal.regionCode) : undefined;
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The enterprise an ENTERPRISE token acts for.' })
  enterprise(@Root() principal: Principal, @Ctx() ctx: Context): EnterpriseEntity | undefined | Promise<EnterpriseEntity | undefined> {
    return principal.enterpriseId ? ctx.loaders.enterprise.now(principal.enterpriseId) : undefined;
  }

  @FieldResolver(() => Provider, { nullable: true, description: 'The training provider a PROVIDER token acts for.' })
  provider(@Root() principal: Principal, @Ctx() ctx: Context): ProviderEntity | undefined | Promise<ProviderEntity | undefined> {
    return principal.providerId ? ctx.loaders.provider.now(principal.providerId) : undefined;
  }

  @FieldResolver(() => JobSeeker, { nullable: true, description: 'The job seeker a SEEKER token is.' })
  seeker(@Root() principal: Principal, @Ctx() ctx: Context): JobSeekerEntity | undefined | Promise<JobSeekerEntity | undefined> {
    return principal.seekerId ? ctx.loaders.jobSeeker.now(principal.seekerId) : undefined;
  }
}

@ObjectType({ description: 'Health of one search index and of the outbox that feeds it.' })
class SearchIndexStatus {
  @Field({ description: 'Logical index name, e.g. `occupations`.' })
  name: string;

  @Field({ description: 'Meilisearch index uid (with the deployment prefix).' })
  uid: string;

  @Field({ description: 'False when Meilisearch could not be reached.' })
  reachable: boolean;

  @Field(() => Int, { nullable: true, description: 'Documents in the index; null when unreachable.' })
  documents: number | null;

  @Field(() => Boolean, { nullable: true })
  isIndexing: boolean | null;

  @Field(() => Int, { description: 'Changes committed but not yet in the index.' })
  pendingChanges: number;

  @Field(() => Int, { description: 'Of those, how many have failed at least once and wait for a retry.' })
  failingChanges: number;

  @Field(() => Float, { nullable: true, description: 'Age in seconds of the oldest pending change.' })
  oldestPendingAgeSeconds: number | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastSyncedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastRebuiltAt: Date | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastErrorAt: Date | null;
}

@ArgsType()
class NodesArgs {
  @Field(() => [ID])
  @ArrayMaxSize(100)
  ids: string[];
}

@Resolver()
export class SystemResolver {
  @Query(() => Principal, { nullable: true, description: 'The caller; null when anonymous.' })
  me(@Ctx() ctx: Context): Principal | null {
    return ctx.principal ?? null;
  }

  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it does not exist.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object | null> {
    return resolveNode(id, ['id'], ctx);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Several objects by global id, in the order asked (null where missing).' })
  async nodes(@Args() { ids }: NodesArgs, @Ctx() ctx: Context): Promise<(object | null)[]> {
    return Promise.all(ids.map((id, i) => resolveNode(id, ['ids', String(i)], ctx)));
  }

  @Authorized(Role.ADMIN)
  @Query(() => [SearchIndexStatus], { description: 'Per search index: documents, pending changes, oldest pending age and last error (ADMIN).' })
  searchIndexStatus(@Ctx() ctx: Context): Promise<SearchIndexStatus[]> {
    return searchIndexStatus(ctx.services.dataSource, ctx.services.search, searchIndexes);
  }
}

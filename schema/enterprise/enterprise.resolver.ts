import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Enterprise as EnterpriseEntity, IndustrialCluster as ClusterEntity } from '../../domain/enterprise/enterprise.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { REGISTRY_READERS } from '../../domain/access/scope';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { NotFoundError } from '../../server/errors';
import { connectionFrom, pageWindow } from '../common/connection';
import { argIdOf, inputIdOf, toGlobalId } from '../common/node';
import { Region } from '../region/region.types';
import { ClustersArgs, EnterpriseArgs, EnterprisePayload, EnterprisesArgs, RegisterEnterpriseInput, UpdateEnterpriseInput } from './enterprise.inputs';
import { Enterprise, EnterpriseConnection, IndustrialCluster } from './enterprise.types';

const STAFF = [Role.ADMIN, Role.COUNSELLOR, Role.AGENCY] as const;

/** `node(id)` for an Enterprise: staff read any; an enterprise only itself; null otherwise, so ids reveal nothing. */
export async function resolveEnterpriseNode(ctx: Context, key: string): Promise<EnterpriseEntity | null> {
  const principal = ctx.principal;
  if (!principal || !/^\d{1,18}$/.test(key)) return null;
  const visible = principal.role === Role.ENTERPRISE ? principal.enterpriseId === key : REGISTRY_READERS.includes(principal.role);
  return visible ? ((await ctx.loaders.enterprise.load(key)) ?? null) : null;
}

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Authorized(...STAFF, Role.ENTERPRISE)
  @Query(() => EnterpriseConnection, { description: 'Enterprises, by name or credit code (staff; an enterprise sees itself).' })
  async enterprises(@Args() args: EnterprisesArgs, @Ctx() ctx: Context): Promise<EnterpriseConnection> {
    const window = pageWindow(args);
    const filter = { ...args.filter, clusterId: args.filter?.clusterId ? argIdOf('IndustrialCluster', args.filter.clusterId, ['filter', 'clusterId']) : undefined };
    const principal = ctx.principal!;
    if (principal.role === Role.ENTERPRISE) {
      const own = principal.enterpriseId ? await ctx.loaders.enterprise.load(principal.enterpriseId) : undefined;
      return connectionFrom(own ? [own] : [], window, own ? 1 : 0) as unknown as EnterpriseConnection;
    }
    const page = await ctx.services.enterprises.list(args.query, filter, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as EnterpriseConnection;
  }

  @Authorized(...STAFF, Role.ENTERPRISE)
  @Query(() => Enterprise, { nullable: true, description: 'One enterprise by credit code; NOT_FOUND on `creditCode` when unknown.' })
  async enterprise(@Args() { creditCode }: EnterpriseArgs, @Ctx() ctx: Context): Promise<EnterpriseEntity> {
    const enterprise = await ctx.services.enterprises.byCreditCode(creditCode);
    const principal = ctx.principal!;
    if (!enterprise || (principal.role === Role.ENTERPRISE && principal.enterpriseId !== enterprise.id)) {
      throw new NotFoundError('Enterprise', creditCode, ['creditCode']);
    }
    return enterprise;
  }

  @Query(() => [IndustrialCluster], { description: 'The industrial clusters of a region, e.g. Dalian\'s "5+4+3+1".' })
  industrialClusters(@Args() { regionCode }: ClustersArgs, @Ctx() ctx: Context): Promise<ClusterEntity[]> {
    return ctx.services.enterprises.clusters(regionCode);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => EnterprisePayload, { description: 'Register an enterprise of your region by its unified social credit code (ADMIN).' })
  async registerEnterprise(@Arg('input') input: RegisterEnterpriseInput, @Ctx() ctx: Context): Promise<EnterprisePayload> {
    const clusterIds = input.clusterIds?.map((id, i) => inputIdOf('IndustrialCluster', id, ['input', 'clusterIds', String(i)]));
    const enterprise = await ctx.services.enterprises.register(ctx.principal!, ctx.actor(), { ...input, clusterIds });
    return { enterprise, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.ENTERPRISE)
  @Mutation(() => EnterprisePayload, { description: 'Change name, industry, tags or clusters (the enterprise itself, or ADMIN of its region).' })
  async updateEnterprise(@Arg('input') input: UpdateEnterpriseInput, @Ctx() ctx: Context): Promise<EnterprisePayload> {
    const id = inputIdOf('Enterprise', input.enterpriseId, ['input', 'enterpriseId']);
    const clusterIds = input.clusterIds?.map((c, i) => inputIdOf('IndustrialCluster', c, ['input', 'clusterIds', String(i)]));
    const enterprise = await ctx.services.enterprises.update(ctx.principal!, ctx.actor(), id, { ...input, clusterIds });
    ctx.loaders.enterprise.clear(id);
    return { enterprise, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() enterprise: EnterpriseEntity): string {
    return toGlobalId('Enterprise', enterprise.id);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region of its registered location (`regionCode`).' })
  region(@Root() enterprise: EnterpriseEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(enterprise.regionCode);
  }

  @FieldResolver(() => [IndustrialCluster])
  clusters(@Root() enterprise: EnterpriseEntity, @Ctx() ctx: Context): Promise<ClusterEntity[]> {
    return ctx.loaders.enterpriseClusters.load(enterprise.id);
  }
}

@Resolver(() => IndustrialCluster)
export class IndustrialClusterResolver {
  @FieldResolver(() => ID)
  id(@Root() cluster: ClusterEntity): string {
    return toGlobalId('IndustrialCluster', cluster.id);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region whose cluster it is (`regionCode`).' })
  region(@Root() cluster: ClusterEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(cluster.regionCode);
  }
}

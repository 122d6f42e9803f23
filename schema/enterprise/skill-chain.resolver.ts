import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Enterprise as EnterpriseEntity } from '../../domain/enterprise/enterprise.entity';
import type { SkillChain as ChainEntity, SkillChainMember as MemberEntity } from '../../domain/demand/skill-chain.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { REGISTRY_READERS } from '../../domain/access/scope';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { argIdOf, inputIdOf, toGlobalId } from '../common/node';
import { Region } from '../region/region.types';
import { Enterprise } from './enterprise.types';
import {
  AddSkillChainMemberInput,
  CreateSkillChainInput,
  RemoveSkillChainMemberInput,
  SkillChain,
  SkillChainConnection,
  SkillChainMember,
  SkillChainPayload,
  SkillChainsArgs,
} from './skill-chain.types';

const DATABASE_ID = /^\d{1,18}$/;

/** Staff read every chain; an enterprise the chains it is a member of. */
async function canReadChain(ctx: Context, chainId: string): Promise<boolean> {
  const principal = ctx.principal;
  if (!principal) return false;
  if (REGISTRY_READERS.includes(principal.role)) return true;
  if (principal.role !== Role.ENTERPRISE || !principal.enterpriseId) return false;
  return (await ctx.loaders.skillChainMembers.load(chainId)).some((m) => m.enterpriseId === principal.enterpriseId);
}

/** `node(id)` for a SkillChain: null unless the caller may read it, so ids reveal nothing. */
export async function resolveSkillChainNode(ctx: Context, key: string): Promise<ChainEntity | null> {
  if (!DATABASE_ID.test(key)) return null;
  const chain = await ctx.loaders.skillChain.load(key);
  return chain && (await canReadChain(ctx, chain.id)) ? chain : null;
}

/** `node(id)` for a SkillChainMember: members are read through their chain, so exactly who may read the chain. */
export async function resolveSkillChainMemberNode(ctx: Context, key: string): Promise<MemberEntity | null> {
  if (!DATABASE_ID.test(key)) return null;
  const member = await ctx.loaders.skillChainMember.load(key);
  return member && (await canReadChain(ctx, member.chainId)) ? member : null;
}

@Resolver(() => SkillChain)
export class SkillChainResolver {
  @Authorized(Role.ADMIN, Role.COUNSELLOR, Role.AGENCY, Role.ENTERPRISE)
  @Query(() => SkillChainConnection, { description: 'Skill-ecosystem chains, by region, leader or member (staff: all; ENTERPRISE: those it belongs to).' })
  async skillChains(@Args() args: SkillChainsArgs, @Ctx() ctx: Context): Promise<SkillChainConnection> {
    const window = pageWindow(args);
    const f = args.filter ?? {};
    const filter = {
      regionCode: f.regionCode,
      leaderEnterpriseId: f.leaderEnterpriseId ? argIdOf('Enterprise', f.leaderEnterpriseId, ['filter', 'leaderEnterpriseId']) : undefined,
      memberEnterpriseId: f.memberEnterpriseId ? argIdOf('Enterprise', f.memberEnterpriseId, ['filter', 'memberEnterpriseId']) : undefined,
      visibleToEnterpriseId: ctx.principal!.role === Role.ENTERPRISE ? (ctx.principal!.enterpriseId ?? '0') : undefined,
    };
    const page = await ctx.services.skillChains.list(filter, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as SkillChainConnection;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SkillChainPayload, { description: 'Build a skill-ecosystem chain of your region around a leader enterprise (ADMIN).' })
  async createSkillChain(@Arg('input') input: CreateSkillChainInput, @Ctx() ctx: Context): Promise<SkillChainPayload> {
    const skillChain = await ctx.services.skillChains.create(ctx.principal!, ctx.actor(), {
      name: input.name,
      regionCode: input.regionCode,
      leaderEnterpriseId: inputIdOf('Enterprise', input.leaderEnterpriseId, ['input', 'leaderEnterpriseId']),
      clusterId: input.clusterId ? inputIdOf('IndustrialCluster', input.clusterId, ['input', 'clusterId']) : undefined,
    });
    return { skillChain, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SkillChainPayload, { description: 'Add an enterprise, college, school, training institution, evaluation or HR service body (ADMIN).' })
  async addSkillChainMember(@Arg('input') input: AddSkillChainMemberInput, @Ctx() ctx: Context): Promise<SkillChainPayload> {
    const chainId = inputIdOf('SkillChain', input.chainId, ['input', 'chainId']);
    const skillChain = await ctx.services.skillChains.addMember(ctx.principal!, ctx.actor(), chainId, input);
    ctx.loaders.skillChainMembers.clear(chainId);
    return { skillChain, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SkillChainPayload, { description: 'Remove a member other than the leader (ADMIN).' })
  async removeSkillChainMember(@Arg('input') input: RemoveSkillChainMemberInput, @Ctx() ctx: Context): Promise<SkillChainPayload> {
    const chainId = inputIdOf('SkillChain', input.chainId, ['input', 'chainId']);
    const skillChain = await ctx.services.skillChains.removeMember(ctx.principal!, ctx.actor(), chainId, input.creditCode);
    ctx.loaders.skillChainMembers.clear(chainId);
    return { skillChain, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() chain: ChainEntity): string {
    return toGlobalId('SkillChain', chain.id);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region the chain was built in (`regionCode`).' })
  region(@Root() chain: ChainEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(chain.regionCode);
  }

  @FieldResolver(() => Enterprise)
  async leader(@Root() chain: ChainEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | undefined> {
    return ctx.loaders.enterprise.load(chain.leaderEnterpriseId);
  }

  @FieldResolver(() => [SkillChainMember])
  members(@Root() chain: ChainEntity, @Ctx() ctx: Context): Promise<MemberEntity[]> {
    return ctx.loaders.skillChainMembers.load(chain.id);
  }
}

@Resolver(() => SkillChainMember)
export class SkillChainMemberResolver {
  @FieldResolver(() => ID)
  id(@Root() member: MemberEntity): string {
    return toGlobalId('SkillChainMember', member.id);
  }

  @FieldResolver(() => Enterprise, { nullable: true })
  async enterprise(@Root() member: MemberEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return member.enterpriseId ? ((await ctx.loaders.enterprise.load(member.enterpriseId)) ?? null) : null;
  }
}

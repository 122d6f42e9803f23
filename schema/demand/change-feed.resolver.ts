import { Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { ChangeFeedEntry } from '../../domain/demand/change-feed.service';
import type { PostDemand as PostDemandEntity } from '../../domain/demand/post-demand.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { DEFAULT_PAGE_SIZE, PageArgs } from '../common/connection';
import { toGlobalId } from '../common/node';
import { PostDemandChangeConnection, PostDemandChangeNode } from './change-feed.types';
import { PostDemand } from './post-demand.types';

@Resolver(() => PostDemandChangeNode)
export class ChangeFeedResolver {
  @Authorized(Role.AGENCY, Role.ADMIN)
  @Query(() => PostDemandChangeConnection, {
    description:
      'The change feed: every create, update, withdrawal and fill of post demand in commit order — an AGENCY sees its own ' +
      'source, an ADMIN every line in its region. Store `endCursor` and resume with `after`: no change is missed or repeated, ' +
      'even one committed late by a transaction that started early.',
  })
  async postDemandChanges(@Args() args: PageArgs, @Ctx() ctx: Context): Promise<PostDemandChangeConnection> {
    const page = await ctx.services.postDemandChanges.page(ctx.principal!, args.after, args.first ?? DEFAULT_PAGE_SIZE);
    const nodes = page.entries as unknown as PostDemandChangeNode[];
    return {
      edges: nodes.map((node) => ({ cursor: node.cursor, node })),
      nodes,
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: !!args.after, startCursor: nodes[0]?.cursor ?? null, endCursor: page.endCursor },
    };
  }

  @FieldResolver(() => ID)
  postDemandId(@Root() entry: ChangeFeedEntry): string {
    return toGlobalId('PostDemand', entry.postDemandId);
  }

  @FieldResolver(() => PostDemand, { nullable: true, description: 'The line as it is now (its current status may be newer than this change).' })
  async postDemand(@Root() entry: ChangeFeedEntry, @Ctx() ctx: Context): Promise<PostDemandEntity | null> {
    return (await ctx.loaders.postDemand.load(entry.postDemandId)) ?? null;
  }
}

import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { SyncItemOutcome, SyncOutcome } from '../../domain/demand/post-demand-sync';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { toGlobalId } from '../common/node';
import type { PostDemand as PostDemandEntity } from '../../domain/demand/post-demand.entity';
import { PostDemand } from './post-demand.types';
import { SyncPostDemandResult, SyncPostDemandsInput, SyncPostDemandsPayload } from './sync.types';

@Resolver(() => SyncPostDemandsPayload)
export class SyncResolver {
  @Authorized(Role.AGENCY, Role.ADMIN)
  @Mutation(() => SyncPostDemandsPayload, {
    description:
      'An employment agency pushes up to 1,000 lines of its list, upserted by `(source, externalId)`; each item gets its own ' +
      'status and userErrors, and valid items land even when others are rejected. Send an `Idempotency-Key` header to make ' +
      'retries safe: the same key with the same body returns the stored answer without writing; with another body it is refused.',
  })
  async syncPostDemands(@Arg('input') input: SyncPostDemandsInput, @Ctx() ctx: Context): Promise<SyncOutcome> {
    return ctx.services.postDemandSync.sync(ctx.principal!, ctx.actor(), input.source, input.items, ctx.idempotencyKey);
  }

  // A call refused as a whole (userErrors only) still answers the counts and the result list.
  @FieldResolver(() => Int)
  created(@Root() payload: Partial<SyncOutcome>): number {
    return payload.created ?? 0;
  }

  @FieldResolver(() => Int)
  updated(@Root() payload: Partial<SyncOutcome>): number {
    return payload.updated ?? 0;
  }

  @FieldResolver(() => Int)
  unchanged(@Root() payload: Partial<SyncOutcome>): number {
    return payload.unchanged ?? 0;
  }

  @FieldResolver(() => Int)
  rejected(@Root() payload: Partial<SyncOutcome>): number {
    return payload.rejected ?? 0;
  }

  @FieldResolver(() => [SyncPostDemandResult])
  results(@Root() payload: Partial<SyncOutcome>): SyncItemOutcome[] {
    return payload.results ?? [];
  }

  @FieldResolver()
  replayed(@Root() payload: Partial<SyncOutcome>): boolean {
    return payload.replayed ?? false;
  }
}

@Resolver(() => SyncPostDemandResult)
export class SyncResultResolver {
  @FieldResolver(() => ID, { nullable: true })
  postDemandId(@Root() result: SyncItemOutcome): string | null {
    return result.postDemandId ? toGlobalId('PostDemand', result.postDemandId) : null;
  }

  @FieldResolver(() => PostDemand, { nullable: true, description: 'The stored line as it is now (null when REJECTED).' })
  async postDemand(@Root() result: SyncItemOutcome, @Ctx() ctx: Context): Promise<PostDemandEntity | null> {
    return result.postDemandId ? ((await ctx.loaders.postDemand.load(result.postDemandId)) ?? null) : null;
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { IndicatorTarget as IndicatorTargetEntity } from '../../domain/indicators/indicator-target.entity';
import type { TrainingIndicators as TrainingIndicatorsShape } from '../../domain/indicators/training-indicators.service';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { toGlobalId } from '../common/node';
import { Region } from '../region/region.types';
import { IndicatorTarget, IndicatorTargetPayload, SetIndicatorTargetInput, TrainingIndicators, TrainingIndicatorsArgs } from './indicators.types';

@Resolver(() => TrainingIndicators)
export class TrainingIndicatorsResolver {
  @Authorized(Role.ADMIN)
  @Query(() => TrainingIndicators, { description: 'The training indicators of a region you administer over a period, against the targets set for it (ADMIN).' })
  trainingIndicators(@Args() { regionCode, from, until }: TrainingIndicatorsArgs, @Ctx() ctx: Context): Promise<TrainingIndicatorsShape> {
    return ctx.services.trainingIndicators.figures(ctx.principal!, regionCode, from, until);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() indicators: TrainingIndicatorsShape, @Ctx() ctx: Context): Promise<RegionEntity | undefined> {
    return ctx.loaders.region.load(indicators.regionCode);
  }
}

@Resolver(() => IndicatorTarget)
export class IndicatorTargetResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => IndicatorTargetPayload, { description: 'Set, or correct, the target of one indicator for a region you administer and a period (ADMIN); audited.' })
  async setIndicatorTarget(@Arg('input') input: SetIndicatorTargetInput, @Ctx() ctx: Context): Promise<IndicatorTargetPayload> {
    const indicatorTarget = await ctx.services.trainingIndicators.setTarget(ctx.principal!, ctx.actor(), input);
    return { indicatorTarget, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() target: IndicatorTargetEntity): string {
    return toGlobalId('IndicatorTarget', target.id);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() target: IndicatorTargetEntity, @Ctx() ctx: Context): Promise<RegionEntity | undefined> {
    return ctx.loaders.region.load(target.regionCode);
  }
}

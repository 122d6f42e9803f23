import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { mayShowOutcomes, PUBLIC_OUTCOMES_MIN_REPORTED, type TrainingOutcomeSummary } from '../../domain/enrollment/training-outcome.service';
import type { Course as CourseEntity } from '../../domain/supply/course.entity';
import type { Provider as ProviderEntity } from '../../domain/supply/provider.entity';
import type { Context } from '../../server/context';
import { Course } from '../supply/course.types';
import { Provider } from '../supply/provider.types';
import { TrainingOutcomes } from './enrollment.types';

const OUTCOMES_VISIBILITY = `For ADMIN and COUNSELLOR callers and the provider itself; for anyone once ${PUBLIC_OUTCOMES_MIN_REPORTED} or more seats are reported (null before, so that no trainee can be told apart).`;

@Resolver(() => Course)
export class CourseOutcomesResolver {
  @FieldResolver(() => TrainingOutcomes, { nullable: true, description: `Training outcomes of this course's trainees. ${OUTCOMES_VISIBILITY}` })
  async outcomes(@Root() course: CourseEntity, @Ctx() ctx: Context): Promise<TrainingOutcomeSummary | null> {
    const summary = await ctx.loaders.courseOutcomes.load(course.id);
    return mayShowOutcomes(ctx.principal, course.providerId, summary) ? summary : null;
  }
}

@Resolver(() => Provider)
export class ProviderOutcomesResolver {
  @FieldResolver(() => TrainingOutcomes, { nullable: true, description: `Training outcomes over all the provider's courses. ${OUTCOMES_VISIBILITY}` })
  async outcomes(@Root() provider: ProviderEntity, @Ctx() ctx: Context): Promise<TrainingOutcomeSummary | null> {
    const summary = await ctx.loaders.providerOutcomes.load(provider.id);
    return mayShowOutcomes(ctx.principal, provider.id, summary) ? summary : null;
  }
}

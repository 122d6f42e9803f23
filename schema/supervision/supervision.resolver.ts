import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { SubsidyRiskSignal as SubsidyRiskSignalShape } from '../../domain/supervision/subsidy-risk.service';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { Enrollment } from '../enrollment/enrollment.types';
import { SubsidyRiskSignal, SubsidyRiskSignalConnection, SubsidyRiskSignalsArgs } from './supervision.types';

@Resolver(() => SubsidyRiskSignal)
export class SubsidyRiskSignalResolver {
  @Authorized(Role.ADMIN)
  @Query(() => SubsidyRiskSignalConnection, {
    description:
      'Leads for subsidy supervision (ADMIN): seats held by the job seekers of a region you administer that repeat a subsidy for one occupation and level, share one phone among three or more trainees, or report one certificate number twice; most subsidy at stake first.',
  })
  async subsidyRiskSignals(@Args() { regionCode, kinds, ...page }: SubsidyRiskSignalsArgs, @Ctx() ctx: Context): Promise<SubsidyRiskSignalConnection> {
    const window = pageWindow(page);
    const signals = await ctx.services.subsidyRisks.signals(ctx.principal!, regionCode, kinds);
    return connectionFrom(signals.slice(window.offset, window.offset + window.limit), window, signals.length) as unknown as SubsidyRiskSignalConnection;
  }

  @FieldResolver(() => [Enrollment], { description: 'The seats the signal rests on, in the order they were taken.' })
  async enrollments(@Root() signal: SubsidyRiskSignalShape, @Ctx() ctx: Context): Promise<EnrollmentEntity[]> {
    const seats = await ctx.loaders.enrollment.loadMany(signal.enrollmentIds);
    return seats.filter((seat): seat is EnrollmentEntity => !!seat && !(seat instanceof Error));
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { RiskCheck as RiskCheckEntity } from '../../domain/supervision/risk-check.entity';
import type { SubsidyRiskSignal as SubsidyRiskSignalShape } from '../../domain/supervision/subsidy-risk.service';
import type { SubsidyClaim as SubsidyClaimEntity } from '../../domain/claim/subsidy-claim.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { SubsidyClaimsPayload } from '../claim/claim.inputs';
import { connectionFrom, pageWindow } from '../common/connection';
import { inputIdOf, toGlobalId } from '../common/node';
import { Enrollment } from '../enrollment/enrollment.types';
import { RecordRiskCheckInput, RecordRiskCheckPayload, RecordSubsidyRecoveryInput, RiskCheck, SubsidyRiskSignal, SubsidyRiskSignalConnection, SubsidyRiskSignalsArgs } from './supervision.types';

/** `node(id)` for a RiskCheck: the bureau that checked and those above it. */
export async function resolveRiskCheckNode(ctx: Context, key: string): Promise<RiskCheckEntity | null> {
  const check = await ctx.loaders.riskCheck.load(key);
  return check && ctx.services.riskChecks.canRead(ctx.principal, check) ? check : null;
}

/** Seats as the caller may read them, in the order given; a seat they may not read is left out. */
async function readableSeats(ctx: Context, ids: readonly string[]): Promise<EnrollmentEntity[]> {
  const seats = await ctx.loaders.enrollment.loadMany(ids);
  return seats.filter((seat): seat is EnrollmentEntity => !!seat && !(seat instanceof Error));
}

@Resolver(() => SubsidyRiskSignal)
export class SubsidyRiskSignalResolver {
  @Authorized(Role.ADMIN)
  @Query(() => SubsidyRiskSignalConnection, {
    description:
      'Leads for subsidy supervision (ADMIN): seats held by the job seekers of a region you administer that repeat a subsidy for one occupation and level, share one phone among three or more trainees, report one certificate number twice, or are reported employed by their own provider; most subsidy at stake first, each with its check once one is recorded.',
  })
  async subsidyRiskSignals(@Args() { regionCode, kinds, checked, ...page }: SubsidyRiskSignalsArgs, @Ctx() ctx: Context): Promise<SubsidyRiskSignalConnection> {
    const window = pageWindow(page);
    const signals = await ctx.services.subsidyRisks.signals(ctx.principal!, regionCode, kinds, checked ?? undefined);
    return connectionFrom(signals.slice(window.offset, window.offset + window.limit), window, signals.length) as unknown as SubsidyRiskSignalConnection;
  }

  @FieldResolver(() => [Enrollment], { description: 'The seats the signal rests on, in the order they were taken.' })
  enrollments(@Root() signal: SubsidyRiskSignalShape, @Ctx() ctx: Context): Promise<EnrollmentEntity[]> {
    return readableSeats(ctx, signal.enrollmentIds);
  }

  @FieldResolver(() => RiskCheck, { nullable: true, description: 'The check recorded on exactly this signal; null while nobody has checked it.' })
  async check(@Root() signal: SubsidyRiskSignalShape, @Ctx() ctx: Context): Promise<RiskCheckEntity | null> {
    return signal.checkId ? ((await ctx.loaders.riskCheck.load(signal.checkId)) ?? null) : null;
  }
}

@Resolver(() => RiskCheck)
export class RiskCheckResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => RecordRiskCheckPayload, {
    description:
      "Record what checking a supervision signal of your region found (核查), named by its pattern and exactly its seats. CLEARED: the signal asks nothing more. CONFIRMED: claims still open on the misused seats are REJECTED, paid ones get a recovery DUE (追回), and those seats earn no subsidy again (MISUSE_CONFIRMED); suspending the provider stays a decision of its own. Refused: NO_SIGNAL (no such signal now: read them again), DUPLICATE (checked already), INVALID.",
  })
  async recordRiskCheck(@Arg('input') input: RecordRiskCheckInput, @Ctx() ctx: Context): Promise<RecordRiskCheckPayload> {
    const enrollmentIds = input.enrollmentIds.map((id, i) => inputIdOf('Enrollment', id, ['input', 'enrollmentIds', String(i)]));
    const misusedEnrollmentIds = input.misusedEnrollmentIds?.map((id, i) => inputIdOf('Enrollment', id, ['input', 'misusedEnrollmentIds', String(i)]));
    const outcome = await ctx.services.riskChecks.record(ctx.principal!, ctx.actor(), { ...input, enrollmentIds, misusedEnrollmentIds });
    [...outcome.stoppedClaims, ...outcome.recoveriesDue].forEach((claim) => ctx.loaders.subsidyClaim.clear(claim.id));
    return { riskCheck: outcome.check, stoppedClaims: outcome.stoppedClaims, recoveriesDue: outcome.recoveriesDue, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SubsidyClaimsPayload, {
    description: 'Record that the money of claims of your region with a recovery DUE came back (已追回), in one batch, all or none. Refused: NOT_FOUND, NOT_DUE, INVALID (recoveredOn in the future or before the payment, a claim named twice).',
  })
  async recordSubsidyRecovery(@Arg('input') input: RecordSubsidyRecoveryInput, @Ctx() ctx: Context): Promise<SubsidyClaimsPayload> {
    const claimIds = input.claimIds.map((id, i) => inputIdOf('SubsidyClaim', id, ['input', 'claimIds', String(i)]));
    const subsidyClaims: SubsidyClaimEntity[] = await ctx.services.riskChecks.recordRecovery(ctx.principal!, ctx.actor(), { ...input, claimIds });
    claimIds.forEach((id) => ctx.loaders.subsidyClaim.clear(id));
    return { subsidyClaims, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() check: RiskCheckEntity): string {
    return toGlobalId('RiskCheck', check.id);
  }

  @FieldResolver(() => [Enrollment], { description: 'The seats of the signal checked.' })
  enrollments(@Root() check: RiskCheckEntity, @Ctx() ctx: Context): Promise<EnrollmentEntity[]> {
    return readableSeats(ctx, check.enrollmentIds);
  }

  @FieldResolver(() => [Enrollment], { description: 'CONFIRMED: the seats found misused; empty when CLEARED.' })
  misusedEnrollments(@Root() check: RiskCheckEntity, @Ctx() ctx: Context): Promise<EnrollmentEntity[]> {
    return readableSeats(ctx, check.misusedEnrollmentIds);
  }
}

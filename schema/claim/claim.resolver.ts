import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SubsidyClaimStatus } from '../../domain/claim/claim-rules';
import type { SubsidyClaim as SubsidyClaimEntity } from '../../domain/claim/subsidy-claim.entity';
import { administers } from '../../domain/claim/subsidy-claim.service';
import { SubsidyRiskKind } from '../../domain/supervision/subsidy-risk.service';
import type { CompetitionFinalist as CompetitionFinalistEntity } from '../../domain/competition/competition.entity';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { Enterprise as EnterpriseEntity } from '../../domain/enterprise/enterprise.entity';
import type { Course as CourseEntity } from '../../domain/supply/course.entity';
import type { Provider as ProviderEntity } from '../../domain/supply/provider.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { argIdOf, inputIdOf, toGlobalId } from '../common/node';
import { resolveEnrollmentNode } from '../enrollment/enrollment.resolver';
import { Enrollment } from '../enrollment/enrollment.types';
import { resolveEnterpriseNode } from '../enterprise/enterprise.resolver';
import { Enterprise } from '../enterprise/enterprise.types';
import { CompetitionFinalist } from '../competition/competition.types';
import { Course } from '../supply/course.types';
import { Provider } from '../supply/provider.types';
import { ClaimTrainingSubsidiesInput, RecordSubsidyPaymentInput, ReviewSubsidyClaimInput, SubsidyClaimPayload, SubsidyClaimsArgs, SubsidyClaimsPayload } from './claim.inputs';
import { SubsidyClaim, SubsidyClaimConnection } from './claim.types';

/** `node(id)` for a SubsidyClaim: null unless the caller is its bureau, provider or trainee. */
export async function resolveSubsidyClaimNode(ctx: Context, key: string): Promise<SubsidyClaimEntity | null> {
  const claim = await ctx.loaders.subsidyClaim.load(key);
  return claim && ctx.services.subsidyClaims.canRead(ctx.principal, claim) ? claim : null;
}

@Resolver(() => SubsidyClaim)
export class SubsidyClaimResolver {
  @Authorized(Role.ADMIN, Role.PROVIDER, Role.ENTERPRISE, Role.SEEKER)
  @Query(() => SubsidyClaimConnection, {
    description: "Subsidy claims, newest first, with the sums of all the filter selects: those of courses in your region (ADMIN), your own (PROVIDER), your apprentices' (ENTERPRISE), those of your seats (SEEKER).",
  })
  async subsidyClaims(@Args() args: SubsidyClaimsArgs, @Ctx() ctx: Context): Promise<SubsidyClaimConnection> {
    const window = pageWindow(args);
    const { status, recoveryStatus, courseId, providerId, seekerId, paymentReference } = args.filter ?? {};
    const filter = {
      status,
      recoveryStatus,
      paymentReference,
      courseId: courseId ? argIdOf('Course', courseId, ['filter', 'courseId']) : undefined,
      providerId: providerId ? argIdOf('Provider', providerId, ['filter', 'providerId']) : undefined,
      seekerId: seekerId ? argIdOf('JobSeeker', seekerId, ['filter', 'seekerId']) : undefined,
    };
    const { items, totals } = await ctx.services.subsidyClaims.list(ctx.principal!, filter, window.offset, window.limit);
    const { count, ...sums } = totals;
    return { ...connectionFrom(items, window, count), ...sums } as unknown as SubsidyClaimConnection;
  }

  @Authorized(Role.PROVIDER, Role.ADMIN)
  @Mutation(() => SubsidyClaimsPayload, {
    description:
      "Claim the subsidy completed seats earned (补贴申领), one claim per seat, all or none: the provider running the course, or an ADMIN of its region for a trainee. Claims the quote recorded at enrolment: training subsidy, shortage uplift and group supplements on completion, the certificate subsidy with a certificate of the course's level; each line once. Refused: NOT_FOUND, NOT_CLAIMABLE (no completion, dropped out, nothing due), ALREADY_CLAIMED, NOT_ADMITTED (the provider's admission for the course dates was withdrawn), MISUSE_CONFIRMED (a supervision check found the seat's subsidy misused), INVALID (a seat named twice).",
  })
  async claimTrainingSubsidies(@Arg('input') input: ClaimTrainingSubsidiesInput, @Ctx() ctx: Context): Promise<SubsidyClaimsPayload> {
    const enrollmentIds = input.enrollmentIds.map((id, i) => inputIdOf('Enrollment', id, ['input', 'enrollmentIds', String(i)]));
    const subsidyClaims = await ctx.services.subsidyClaims.claim(ctx.principal!, ctx.actor(), enrollmentIds);
    return { subsidyClaims, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SubsidyClaimPayload, {
    description:
      "Approve or reject a SUBMITTED claim of your region (审核). Approval re-checks the provider's admission (NOT_ADMITTED) and the supervision signals on the seat: with any, RISK_SIGNALS names them until you approve with `acknowledgeRisks` and a note. Rejection needs a note (INVALID). NOT_SUBMITTED when already reviewed.",
  })
  async reviewSubsidyClaim(@Arg('input') input: ReviewSubsidyClaimInput, @Ctx() ctx: Context): Promise<SubsidyClaimPayload> {
    const claimId = inputIdOf('SubsidyClaim', input.claimId, ['input', 'claimId']);
    const subsidyClaim = await ctx.services.subsidyClaims.review(ctx.principal!, ctx.actor(), { ...input, claimId });
    ctx.loaders.subsidyClaim.clear(claimId);
    return { subsidyClaim, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SubsidyClaimsPayload, {
    description: 'Record that APPROVED claims of your region were paid in one batch (拨付), all or none. Refused: NOT_FOUND, NOT_APPROVED, INVALID (paidOn in the future or before an approval, a claim named twice).',
  })
  async recordSubsidyPayment(@Arg('input') input: RecordSubsidyPaymentInput, @Ctx() ctx: Context): Promise<SubsidyClaimsPayload> {
    const claimIds = input.claimIds.map((id, i) => inputIdOf('SubsidyClaim', id, ['input', 'claimIds', String(i)]));
    const subsidyClaims = await ctx.services.subsidyClaims.recordPayment(ctx.principal!, ctx.actor(), { ...input, claimIds });
    claimIds.forEach((id) => ctx.loaders.subsidyClaim.clear(id));
    return { subsidyClaims, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() claim: SubsidyClaimEntity): string {
    return toGlobalId('SubsidyClaim', claim.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it was rejected, for everyone who sees the claim; why an approval stands despite risk signals, for the bureau only (null for others).' })
  reviewNote(@Root() claim: SubsidyClaimEntity, @Ctx() ctx: Context): string | null {
    return claim.status === SubsidyClaimStatus.REJECTED || administers(ctx.principal, claim.regionCode) ? claim.reviewNote : null;
  }

  @FieldResolver(() => [SubsidyRiskKind], { description: 'Supervision signals on the seat that the approving reviewer checked and set aside; for the bureau only (empty for others), as the signals are.' })
  risksAcknowledged(@Root() claim: SubsidyClaimEntity, @Ctx() ctx: Context): string[] {
    return administers(ctx.principal, claim.regionCode) ? claim.risksAcknowledged : [];
  }

  @FieldResolver(() => Enrollment, { nullable: true, description: 'The seat claimed for; null for a competition finalist and for callers who may not read the seat.' })
  async enrollment(@Root() claim: SubsidyClaimEntity, @Ctx() ctx: Context): Promise<EnrollmentEntity | null> {
    return claim.enrollmentId ? resolveEnrollmentNode(ctx, claim.enrollmentId) : null;
  }

  @FieldResolver(() => CompetitionFinalist, { nullable: true, description: 'The competition finalist claimed for; null for a seat.' })
  async finalist(@Root() claim: SubsidyClaimEntity, @Ctx() ctx: Context): Promise<CompetitionFinalistEntity | null> {
    return claim.finalistId ? ((await ctx.loaders.competitionFinalist.load(claim.finalistId)) ?? null) : null;
  }

  @FieldResolver(() => Course, { nullable: true, description: 'The seat\'s course; null for a competition finalist.' })
  async course(@Root() claim: SubsidyClaimEntity, @Ctx() ctx: Context): Promise<CourseEntity | null> {
    return claim.courseId ? ((await ctx.loaders.course.load(claim.courseId)) ?? null) : null;
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The enterprise paid: a new apprentice\'s or a finalist\'s; null otherwise and for callers who may not read enterprises.' })
  enterprise(@Root() claim: SubsidyClaimEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> | null {
    return claim.enterpriseId ? resolveEnterpriseNode(ctx, claim.enterpriseId) : null;
  }

  @FieldResolver(() => Provider, { nullable: true, description: 'The seat\'s provider, or the college that sent a finalist.' })
  async provider(@Root() claim: SubsidyClaimEntity, @Ctx() ctx: Context): Promise<ProviderEntity | null> {
    return claim.providerId ? ((await ctx.loaders.provider.load(claim.providerId)) ?? null) : null;
  }
}

@Resolver(() => Enrollment)
export class EnrollmentClaimsResolver {
  @FieldResolver(() => [SubsidyClaim], { description: 'Subsidy claims for this seat, oldest first (rejected ones included).' })
  subsidyClaims(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: Context): Promise<SubsidyClaimEntity[]> {
    return ctx.loaders.enrollmentClaims.load(enrollment.id);
  }
}

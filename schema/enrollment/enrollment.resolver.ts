import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import { canReadEnrollment } from '../../domain/enrollment/enrollment.service';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import { canReadSeeker } from '../../domain/seeker/job-seeker.service';
import type { Course as CourseEntity } from '../../domain/supply/course.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { argIdOf, inputIdOf, toGlobalId } from '../common/node';
import { JobSeeker } from '../seeker/job-seeker.types';
import { Course } from '../supply/course.types';
import type { TrainingVoucher as TrainingVoucherEntity } from '../../domain/voucher/training-voucher.entity';
import { TrainingVoucher } from '../voucher/voucher.types';
import { EnrollInCourseInput, EnrollmentPayload, EnrollmentsArgs, ReportEmploymentInput, ReportTrainingCompletionInput, WithdrawEnrollmentInput } from './enrollment.inputs';
import { Enrollment, EnrollmentConnection, TrainingOutcome } from './enrollment.types';

/** `node(id)` for an Enrollment: null unless the caller may read the seeker or runs the course, so ids reveal nothing. */
export async function resolveEnrollmentNode(ctx: Context, key: string): Promise<EnrollmentEntity | null> {
  if (!/^\d{1,18}$/.test(key)) return null;
  const enrollment = await ctx.loaders.enrollment.load(key);
  if (!enrollment) return null;
  const [seeker, course] = await Promise.all([ctx.loaders.jobSeeker.load(enrollment.seekerId), ctx.loaders.course.load(enrollment.courseId)]);
  return seeker && course && canReadEnrollment(ctx.principal, seeker, course) ? enrollment : null;
}

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @Authorized(Role.ADMIN, Role.COUNSELLOR, Role.PROVIDER, Role.SEEKER)
  @Query(() => EnrollmentConnection, {
    description: 'Enrolments in the order the seats were taken: your own (SEEKER), those on your courses (PROVIDER), those of the job seekers of your region (COUNSELLOR, ADMIN).',
  })
  async enrollments(@Args() args: EnrollmentsArgs, @Ctx() ctx: Context): Promise<EnrollmentConnection> {
    const window = pageWindow(args);
    const { courseId, seekerId, status, outcomeReported } = args.filter ?? {};
    const filter = {
      courseId: courseId ? argIdOf('Course', courseId, ['filter', 'courseId']) : undefined,
      seekerId: seekerId ? argIdOf('JobSeeker', seekerId, ['filter', 'seekerId']) : undefined,
      status,
      outcomeReported: outcomeReported ?? undefined,
    };
    const page = await ctx.services.enrollments.list(ctx.principal!, filter, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as EnrollmentConnection;
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR, Role.SEEKER)
  @Mutation(() => EnrollmentPayload, {
    description:
      'Take a seat on a PUBLISHED course that has not started (yourself as SEEKER, or a seeker of your region as COUNSELLOR, ADMIN). Refused: COURSE_NOT_OPEN, COURSE_FULL, NOT_ELIGIBLE (not in the eligible groups), OVERLAPPING_ENROLLMENT (already enrolled in a course on overlapping dates), VOUCHER_NOT_USABLE (the voucher given is revoked, used, expired, not yet valid, for another occupation or city, or the course is not subsidised). Records the subsidy quoted now.',
  })
  async enrollInCourse(@Arg('input') input: EnrollInCourseInput, @Ctx() ctx: Context): Promise<EnrollmentPayload> {
    const courseId = inputIdOf('Course', input.courseId, ['input', 'courseId']);
    const seekerId = inputIdOf('JobSeeker', input.seekerId, ['input', 'seekerId']);
    const voucherId = input.voucherId ? inputIdOf('TrainingVoucher', input.voucherId, ['input', 'voucherId']) : null;
    const enrollment = await ctx.services.enrollments.enroll(ctx.principal!, ctx.actor(), { courseId, seekerId, voucherId });
    ctx.loaders.course.clear(courseId);
    return { enrollment, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR, Role.SEEKER)
  @Mutation(() => EnrollmentPayload, { description: 'Give a seat back (the seeker themself, or COUNSELLOR, ADMIN of their region); the seat is free for others at once.' })
  async withdrawEnrollment(@Arg('input') input: WithdrawEnrollmentInput, @Ctx() ctx: Context): Promise<EnrollmentPayload> {
    const enrollmentId = inputIdOf('Enrollment', input.enrollmentId, ['input', 'enrollmentId']);
    const enrollment = await ctx.services.enrollments.withdraw(ctx.principal!, ctx.actor(), { enrollmentId, reason: input.reason });
    ctx.loaders.course.clear(enrollment.courseId);
    return { enrollment, userErrors: [] };
  }

  @Authorized(Role.PROVIDER, Role.ADMIN)
  @Mutation(() => EnrollmentPayload, {
    description:
      "Report how a seat ended (结业 or not) and any skill certificate obtained: the provider running the course, or an ADMIN of the course's region; reporting again corrects it. A certificate is added to the seeker's record and raises their skill level. Refused: NOT_ENROLLED (seat given back), CERTIFICATE_ABOVE_COURSE, CLAIMED (a subsidy claim rests on the outcome: only a certificate not yet reported can be added), INVALID (dates: completed before the course's last day, in the future).",
  })
  async reportTrainingCompletion(@Arg('input') input: ReportTrainingCompletionInput, @Ctx() ctx: Context): Promise<EnrollmentPayload> {
    const enrollmentId = inputIdOf('Enrollment', input.enrollmentId, ['input', 'enrollmentId']);
    const enrollment = await ctx.services.trainingOutcomes.reportCompletion(ctx.principal!, ctx.actor(), { ...input, enrollmentId });
    ctx.loaders.jobSeeker.clear(enrollment.seekerId);
    return { enrollment, userErrors: [] };
  }

  @Authorized(Role.PROVIDER, Role.COUNSELLOR, Role.ADMIN)
  @Mutation(() => EnrollmentPayload, {
    description:
      "Report that a trainee who completed the course took a job (就业): the provider, or a COUNSELLOR or ADMIN of the seeker's region following them up; reporting again corrects it. Marks the seeker EMPLOYED. Refused: NOT_COMPLETED (no completion reported), INVALID (dates, employer credit code).",
  })
  async reportEmployment(@Arg('input') input: ReportEmploymentInput, @Ctx() ctx: Context): Promise<EnrollmentPayload> {
    const enrollmentId = inputIdOf('Enrollment', input.enrollmentId, ['input', 'enrollmentId']);
    const enrollment = await ctx.services.trainingOutcomes.reportEmployment(ctx.principal!, ctx.actor(), { ...input, enrollmentId });
    ctx.loaders.jobSeeker.clear(enrollment.seekerId);
    return { enrollment, userErrors: [] };
  }

  @FieldResolver(() => TrainingOutcome, { nullable: true, description: 'Null until the provider reports how the seat ended.' })
  outcome(@Root() enrollment: EnrollmentEntity): TrainingOutcome | null {
    if (!enrollment.completion) return null;
    return {
      completion: enrollment.completion,
      finishedOn: enrollment.finishedOn!,
      certificateLevel: enrollment.certificateLevel,
      certificateNumber: enrollment.certificateNumber,
      employedOn: enrollment.employedOn,
      employerCreditCode: enrollment.employerCreditCode,
      reportedAt: enrollment.outcomeReportedAt!,
    };
  }

  @FieldResolver(() => TrainingVoucher, { nullable: true, description: 'The training voucher holding this seat; null when it was taken without one, or has been given back (the voucher is then free again).' })
  voucher(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: Context): Promise<TrainingVoucherEntity | null> {
    return ctx.loaders.enrollmentVoucher.load(enrollment.id);
  }

  @FieldResolver(() => ID)
  id(@Root() enrollment: EnrollmentEntity): string {
    return toGlobalId('Enrollment', enrollment.id);
  }

  @FieldResolver(() => Course)
  async course(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: Context): Promise<CourseEntity> {
    const course = await ctx.loaders.course.load(enrollment.courseId);
    if (!course) throw new Error(`course ${enrollment.courseId} of enrollment ${enrollment.id} is missing`);
    return course;
  }

  @FieldResolver(() => JobSeeker, { nullable: true, description: 'Null for callers who may not read the seeker (the provider running the course).' })
  async jobSeeker(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: Context): Promise<JobSeekerEntity | null> {
    const seeker = await ctx.loaders.jobSeeker.load(enrollment.seekerId);
    return seeker && canReadSeeker(ctx.principal, seeker) ? seeker : null;
  }
}

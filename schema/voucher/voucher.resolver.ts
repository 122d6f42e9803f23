import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { todayInChina } from '../../domain/demand/post-demand-rules';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import { canReadSeeker } from '../../domain/seeker/job-seeker.service';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import type { TrainingVoucher as TrainingVoucherEntity } from '../../domain/voucher/training-voucher.entity';
import { voucherNumber, voucherStatus } from '../../domain/voucher/voucher-rules';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { argIdOf, inputIdOf, toGlobalId } from '../common/node';
import { Enrollment } from '../enrollment/enrollment.types';
import { resolveEnrollmentNode } from '../enrollment/enrollment.resolver';
import { Occupation } from '../occupation/occupation.types';
import { Region } from '../region/region.types';
import { JobSeeker } from '../seeker/job-seeker.types';
import { IssueTrainingVouchersInput, IssueTrainingVouchersPayload, RevokeTrainingVoucherInput, TrainingVoucherPayload, TrainingVouchersArgs } from './voucher.inputs';
import { TrainingVoucher, TrainingVoucherConnection, VoucherStatus } from './voucher.types';

/** `node(id)` for a TrainingVoucher: null unless the caller may read its seeker, so ids reveal nothing. */
export async function resolveTrainingVoucherNode(ctx: Context, key: string): Promise<TrainingVoucherEntity | null> {
  const voucher = await ctx.loaders.trainingVoucher.load(key);
  const seeker = voucher && (await ctx.loaders.jobSeeker.load(voucher.seekerId));
  return voucher && seeker && canReadSeeker(ctx.principal, seeker) ? voucher : null;
}

@Resolver(() => TrainingVoucher)
export class TrainingVoucherResolver {
  @Authorized(Role.ADMIN, Role.COUNSELLOR, Role.SEEKER)
  @Query(() => TrainingVoucherConnection, { description: 'Training vouchers, newest first: your own (SEEKER), or those of the job seekers of your region (COUNSELLOR, ADMIN).' })
  async trainingVouchers(@Args() args: TrainingVouchersArgs, @Ctx() ctx: Context): Promise<TrainingVoucherConnection> {
    const window = pageWindow(args);
    const { seekerId, status, occupationCode } = args.filter ?? {};
    const filter = { seekerId: seekerId ? argIdOf('JobSeeker', seekerId, ['filter', 'seekerId']) : undefined, status, occupationCode };
    const page = await ctx.services.trainingVouchers.list(ctx.principal!, filter, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as TrainingVoucherConnection;
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR)
  @Mutation(() => IssueTrainingVouchersPayload, {
    description:
      'Give each job seeker named (of your region) an electronic training voucher (发放电子培训券), all or none. Refused: NOT_FOUND (seeker, occupation), DUPLICATE (the seeker holds an unused voucher for the same occupation on overlapping days), INVALID (dates: validFrom in the past, validUntil before it or more than a year on; a seeker named twice).',
  })
  async issueTrainingVouchers(@Arg('input') input: IssueTrainingVouchersInput, @Ctx() ctx: Context): Promise<IssueTrainingVouchersPayload> {
    const seekerIds = input.seekerIds.map((id, i) => inputIdOf('JobSeeker', id, ['input', 'seekerIds', String(i)]));
    const trainingVouchers = await ctx.services.trainingVouchers.issue(ctx.principal!, ctx.actor(), { ...input, seekerIds });
    return { trainingVouchers, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR)
  @Mutation(() => TrainingVoucherPayload, { description: "Withdraw an unused voucher of a seeker of your region (作废). Refused: VOUCHER_IN_USE (it holds a seat: withdraw the enrolment first), ALREADY_REVOKED." })
  async revokeTrainingVoucher(@Arg('input') input: RevokeTrainingVoucherInput, @Ctx() ctx: Context): Promise<TrainingVoucherPayload> {
    const voucherId = inputIdOf('TrainingVoucher', input.voucherId, ['input', 'voucherId']);
    const trainingVoucher = await ctx.services.trainingVouchers.revoke(ctx.principal!, ctx.actor(), { voucherId, reason: input.reason });
    ctx.loaders.trainingVoucher.clear(voucherId);
    return { trainingVoucher, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() voucher: TrainingVoucherEntity): string {
    return toGlobalId('TrainingVoucher', voucher.id);
  }

  @FieldResolver(() => String, { description: 'The number printed on the voucher: city, year of issue and serial (`210200-2026-00000042`).' })
  number(@Root() voucher: TrainingVoucherEntity): string {
    return voucherNumber(voucher);
  }

  @FieldResolver(() => VoucherStatus)
  status(@Root() voucher: TrainingVoucherEntity): VoucherStatus {
    return voucherStatus(voucher, todayInChina());
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() voucher: TrainingVoucherEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(voucher.regionCode.trim());
  }

  @FieldResolver(() => Occupation, { nullable: true, description: 'Null: courses of any occupation.' })
  occupation(@Root() voucher: TrainingVoucherEntity, @Ctx() ctx: Context): OccupationEntity | undefined | Promise<OccupationEntity | undefined> {
    return voucher.occupationCode ? ctx.loaders.occupation.now(voucher.occupationCode) : undefined;
  }

  @FieldResolver(() => JobSeeker, { nullable: true, description: 'Null for callers who may not read the seeker (the provider whose seat it holds).' })
  async jobSeeker(@Root() voucher: TrainingVoucherEntity, @Ctx() ctx: Context): Promise<JobSeekerEntity | null> {
    const seeker = await ctx.loaders.jobSeeker.load(voucher.seekerId);
    return seeker && canReadSeeker(ctx.principal, seeker) ? seeker : null;
  }

  @FieldResolver(() => Enrollment, { nullable: true, description: 'The seat it holds (REDEEMED); null otherwise.' })
  async enrollment(@Root() voucher: TrainingVoucherEntity, @Ctx() ctx: Context): Promise<EnrollmentEntity | null> {
    return voucher.enrollmentId ? resolveEnrollmentNode(ctx, voucher.enrollmentId) : null;
  }
}

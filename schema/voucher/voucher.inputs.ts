import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { TrainingVoucher as TrainingVoucherEntity } from '../../domain/voucher/training-voucher.entity';
import { PageArgs } from '../common/connection';
import { IsOccupationCode } from '../common/validators';
import { DateScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { TrainingVoucher, VoucherStatus } from './voucher.types';

/** At most this many seekers per call: one counsellor's list of candidates for a course. */
export const MAX_VOUCHERS_PER_CALL = 200;

@InputType()
export class IssueTrainingVouchersInput {
  @Field(() => [ID], { description: `Job seekers of your region, 1 to ${MAX_VOUCHERS_PER_CALL}, each named once; each gets one voucher.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VOUCHERS_PER_CALL)
  seekerIds: string[];

  @Field(() => String, { nullable: true, description: 'Occupation code whose courses the vouchers pay for; omitted: any.' })
  @IsOptional()
  @IsOccupationCode()
  occupationCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of use, today or later; omitted: today.' })
  validFrom?: string | null;

  @Field(() => DateScalar, { description: 'Last day of use, within a year of `validFrom`.' })
  validUntil: string;
}

@ObjectType()
export class IssueTrainingVouchersPayload extends Payload {
  @Field(() => [TrainingVoucher], { nullable: true, description: 'In the order of `seekerIds`; null when there are userErrors.' })
  trainingVouchers: TrainingVoucherEntity[] | null;
}

@InputType()
export class RevokeTrainingVoucherInput {
  @Field(() => ID)
  voucherId: string;

  @Field(() => String, { description: 'Why, 1 to 500 characters; shown to the seeker.' })
  @Length(1, 500)
  reason: string;
}

@ObjectType()
export class TrainingVoucherPayload extends Payload {
  @Field(() => TrainingVoucher, { nullable: true })
  trainingVoucher: TrainingVoucherEntity | null;
}

@InputType()
export class TrainingVoucherFilter {
  @Field(() => ID, { nullable: true })
  seekerId?: string;

  @Field(() => VoucherStatus, { nullable: true })
  status?: VoucherStatus;

  @Field(() => String, { nullable: true })
  occupationCode?: string;
}

@ArgsType()
export class TrainingVouchersArgs extends PageArgs {
  @Field(() => TrainingVoucherFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: TrainingVoucherFilter;
}

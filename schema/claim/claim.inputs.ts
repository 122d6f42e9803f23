import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { RecoveryStatus, SubsidyClaimStatus } from '../../domain/claim/claim-rules';
import type { SubsidyClaim as SubsidyClaimEntity } from '../../domain/claim/subsidy-claim.entity';
import { ClaimDecision } from '../../domain/claim/subsidy-claim.service';
import { PageArgs } from '../common/connection';
import { DateScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { SubsidyClaim } from './claim.types';

/** At most this many seats or claims per call: one class, or one payment batch. */
export const MAX_CLAIMS_PER_CALL = 200;

@InputType()
export class ClaimTrainingSubsidiesInput {
  @Field(() => [ID], { description: `Enrolments whose subsidy fell due, 1 to ${MAX_CLAIMS_PER_CALL}, each named once.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CLAIMS_PER_CALL)
  enrollmentIds: string[];
}

@ObjectType()
export class SubsidyClaimsPayload extends Payload {
  @Field(() => [SubsidyClaim], { nullable: true, description: 'In the order named; null when there are userErrors.' })
  subsidyClaims: SubsidyClaimEntity[] | null;
}

@InputType()
export class ReviewSubsidyClaimInput {
  @Field(() => ID)
  claimId: string;

  @Field(() => ClaimDecision)
  decision: ClaimDecision;

  @Field(() => String, { nullable: true, description: 'Required to reject (why) and to approve despite risk signals (why they do not stand); up to 500 characters.' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Approve although supervision signals rest on the seat, after checking them.' })
  acknowledgeRisks?: boolean | null;
}

@ObjectType()
export class SubsidyClaimPayload extends Payload {
  @Field(() => SubsidyClaim, { nullable: true })
  subsidyClaim: SubsidyClaimEntity | null;
}

@InputType()
export class RecordSubsidyPaymentInput {
  @Field(() => [ID], { description: `APPROVED claims of your region paid in one batch, 1 to ${MAX_CLAIMS_PER_CALL}.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CLAIMS_PER_CALL)
  claimIds: string[];

  @Field(() => DateScalar, { description: 'The day the money left, not in the future and not before the approval.' })
  paidOn: string;

  @Field(() => String, { description: 'The payment batch or transfer number, 1 to 64 characters.' })
  @Length(1, 64)
  paymentReference: string;
}

@InputType()
export class SubsidyClaimFilter {
  @Field(() => SubsidyClaimStatus, { nullable: true })
  status?: SubsidyClaimStatus;

  @Field(() => RecoveryStatus, { nullable: true, description: 'The claims whose money is to be recovered (DUE) or was (RECOVERED).' })
  recoveryStatus?: RecoveryStatus;

  @Field(() => ID, { nullable: true })
  courseId?: string;

  @Field(() => ID, { nullable: true })
  providerId?: string;

  @Field(() => ID, { nullable: true })
  seekerId?: string;

  @Field(() => String, { nullable: true, description: 'The claims of one payment batch, to reconcile it with the finance system.' })
  @IsOptional()
  @Length(1, 64)
  paymentReference?: string;
}

@ArgsType()
export class SubsidyClaimsArgs extends PageArgs {
  @Field(() => SubsidyClaimFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: SubsidyClaimFilter;
}

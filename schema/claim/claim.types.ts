import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RecoveryStatus, SubsidyClaimStatus, SubsidyPayee } from '../../domain/claim/claim-rules';
import { SubsidyClaim as SubsidyClaimEntity } from '../../domain/claim/subsidy-claim.entity';
import { ClaimDecision } from '../../domain/claim/subsidy-claim.service';
import { SubsidyLineKind } from '../../domain/supply/subsidy-quote';
import { Connection } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';

registerEnumType(SubsidyClaimStatus, {
  name: 'SubsidyClaimStatus',
  description: 'Where a subsidy claim stands.',
  valuesConfig: {
    SUBMITTED: { description: '已申领: waiting for the bureau of the course region' },
    APPROVED: { description: '已审核: approved for payment' },
    REJECTED: { description: '未通过: rejected with a reason; its lines can be claimed again' },
    PAID: { description: '已拨付: paid, with the payment reference' },
  },
});

registerEnumType(SubsidyPayee, {
  name: 'SubsidyPayee',
  description: 'Who receives a claimed amount.',
  valuesConfig: {
    ENTERPRISE: { description: '企业: the training subsidy of a new apprentice, to their enterprise (给予企业)' },
    PROVIDER: { description: '培训机构: the training subsidy of a seat a voucher holds (凭券结算)' },
    TRAINEE: { description: "学员: to the trainee's social-security card (直补个人)" },
  },
});

registerEnumType(ClaimDecision, { name: 'ClaimDecision' });

registerEnumType(RecoveryStatus, {
  name: 'RecoveryStatus',
  description: 'Money of a PAID claim that a supervision check found misused.',
  valuesConfig: {
    DUE: { description: '应追回: to be paid back' },
    RECOVERED: { description: '已追回: paid back, with the reference of the transfer' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One line of the enrolment quote that fell due, and who receives it.' })
export class SubsidyClaimLine {
  @Field(() => SubsidyLineKind)
  kind: SubsidyLineKind;

  @Field({ description: 'The quote line as promised at enrolment, in Chinese for people.' })
  label: string;

  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => SubsidyPayee)
  payee: SubsidyPayee;
}

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    "A claim for the subsidy a completed seat earned (补贴申领), reviewed and paid by the bureau of the course's region (资金拨付). Visible to that bureau, the provider, the trainee and, for a new apprentice, their enterprise.",
})
export class SubsidyClaim extends Node {
  @Field(() => [SubsidyClaimLine])
  lines: SubsidyClaimLine[];

  @Field(() => DecimalScalar, { description: 'toEnterprise + toProvider + toTrainee, yuan.' })
  amount: string;

  @Field(() => DecimalScalar)
  toEnterprise: string;

  @Field(() => DecimalScalar)
  toProvider: string;

  @Field(() => DecimalScalar)
  toTrainee: string;

  @Field(() => SubsidyClaimStatus)
  status: SubsidyClaimStatus;

  @Field(() => DateTimeScalar)
  submittedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  reviewedAt: Date | null;

  @Field(() => DateScalar, { nullable: true })
  paidOn: string | null;

  @Field(() => String, { nullable: true, description: 'The payment batch or transfer number.' })
  paymentReference: string | null;

  @Field(() => RecoveryStatus, { nullable: true, description: 'Set on a PAID claim whose seat a supervision check found misused; null otherwise.' })
  recoveryStatus: RecoveryStatus | null;

  @Field(() => DateScalar, { nullable: true })
  recoveredOn: string | null;

  @Field(() => String, { nullable: true, description: 'The transfer that returned the money.' })
  recoveryReference: string | null;
}
registerNodeType(SubsidyClaimEntity, 'SubsidyClaim');

@ObjectType({ simpleResolvers: true })
export class SubsidyClaimConnection extends Connection(SubsidyClaim) {
  @Field(() => DecimalScalar, { description: 'Sum of `amount` over every claim the filter selects, not just this page.' })
  amount: string;

  @Field(() => DecimalScalar)
  toEnterprise: string;

  @Field(() => DecimalScalar)
  toProvider: string;

  @Field(() => DecimalScalar)
  toTrainee: string;
}

import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { TrainingVoucher as TrainingVoucherEntity } from '../../domain/voucher/training-voucher.entity';
import { VoucherStatus } from '../../domain/voucher/voucher-rules';
import { Connection } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar } from '../common/scalars';

registerEnumType(VoucherStatus, {
  name: 'VoucherStatus',
  description: 'Where a training voucher stands, worked out from its record and the day.',
  valuesConfig: {
    ISSUED: { description: '可使用: can take a seat from `validFrom` to `validUntil`' },
    REDEEMED: { description: '已使用: holds a seat; a seat given back frees it' },
    EXPIRED: { description: '已过期: not used by `validUntil`' },
    REVOKED: { description: '已作废: withdrawn by the bureau before use' },
  },
});

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    "An electronic training voucher (电子培训券, 001 §(二十八)): a bureau's promise of subsidised training to a job seeker, for one occupation or any, usable on subsidised courses of its city or online. Visible to the seeker and to counsellors and admins of their region, and through an enrolment to the provider whose seat it holds.",
})
export class TrainingVoucher extends Node {
  @Field(() => String, { description: 'Six-digit code of the city whose bureau issued it; its courses, and online ones, take it.' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'The occupation whose courses it pays for; null: any.' })
  occupationCode: string | null;

  @Field(() => DateScalar, { description: 'First day it can take a seat.' })
  validFrom: string;

  @Field(() => DateScalar, { description: 'Last day it can take a seat.' })
  validUntil: string;

  @Field(() => DateTimeScalar)
  issuedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true })
  revocationReason: string | null;
}
registerNodeType(TrainingVoucherEntity, 'TrainingVoucher');

@ObjectType({ simpleResolvers: true })
export class TrainingVoucherConnection extends Connection(TrainingVoucher) {}

export { VoucherStatus };

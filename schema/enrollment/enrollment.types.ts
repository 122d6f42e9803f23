import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { EnrollmentStatus } from '../../domain/enrollment/enrollment-enums';
import { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { SubsidyQuote as SubsidyQuoteShape } from '../../domain/supply/subsidy-quote';
import { Connection } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { DateTimeScalar } from '../common/scalars';
import { SubsidyQuote } from '../supply/subsidy.types';

registerEnumType(EnrollmentStatus, {
  name: 'EnrollmentStatus',
  valuesConfig: { ENROLLED: { description: '已报名' }, WITHDRAWN: { description: '已退出' } },
});

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    "A job seeker's seat on a course (报名), visible to those who may read the seeker and to the provider running the course. It keeps the subsidy quoted when the seat was taken.",
})
export class Enrollment extends Node {
  @Field(() => EnrollmentStatus)
  status: EnrollmentStatus;

  @Field(() => DateTimeScalar, { description: 'When the seat was taken.' })
  enrolledAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  withdrawnAt: Date | null;

  @Field(() => String, { nullable: true })
  withdrawalReason: string | null;

  @Field(() => SubsidyQuote, {
    description: "The subsidy quoted for this seeker (their key groups then) when the seat was taken; standards and catalogs set later do not change it.",
  })
  quote: SubsidyQuoteShape;
}
registerNodeType(EnrollmentEntity, 'Enrollment');

@ObjectType({ simpleResolvers: true })
export class EnrollmentConnection extends Connection(Enrollment) {}

export { EnrollmentStatus };

import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EnrollmentStatus, TrainingCompletion } from '../../domain/enrollment/enrollment-enums';
import { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { SubsidyQuote as SubsidyQuoteShape } from '../../domain/supply/subsidy-quote';
import { Connection } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { SeekerGroup, SkillLevel } from '../common/enums';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';
import { SubsidyQuote } from '../supply/subsidy.types';

registerEnumType(EnrollmentStatus, {
  name: 'EnrollmentStatus',
  valuesConfig: { ENROLLED: { description: '已报名' }, WITHDRAWN: { description: '已退出' } },
});

registerEnumType(TrainingCompletion, {
  name: 'TrainingCompletion',
  description: 'How a seat ended, as the provider reports it.',
  valuesConfig: { COMPLETED: { description: '结业' }, DROPPED_OUT: { description: '未结业（中途退出）' } },
});

@ObjectType({ simpleResolvers: true, description: 'What came of a seat (培训结果): completion, the certificate obtained and employment, as reported.' })
export class TrainingOutcome {
  @Field(() => TrainingCompletion)
  completion: TrainingCompletion;

  @Field(() => DateScalar, { description: 'The day the trainee completed the course or left it.' })
  finishedOn: string;

  @Field(() => SkillLevel, { nullable: true, description: 'Level of the skill certificate obtained (职业技能等级证书), at most the course\'s level.' })
  certificateLevel: SkillLevel | null;

  @Field(() => String, { nullable: true })
  certificateNumber: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the job the trainee took after the course.' })
  employedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Unified social credit code of the employer, when reported.' })
  employerCreditCode: string | null;

  @Field(() => DateTimeScalar, { description: 'When the latest report or correction was made.' })
  reportedAt: Date;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Training outcomes over the seats still held (withdrawn ones are not counted): the figures a bureau weighs when it keeps a provider on the subsidised list. Rates are percents with two places, null while their base is zero.',
})
export class TrainingOutcomes {
  @Field(() => Int, { description: 'Seats held.' })
  enrolled: number;

  @Field(() => Int, { description: 'Seats whose ending the provider has reported.' })
  reported: number;

  @Field(() => Int)
  completed: number;

  @Field(() => Int)
  droppedOut: number;

  @Field(() => Int, { description: 'Completed with a skill certificate.' })
  certified: number;

  @Field(() => Int, { description: 'Completed and reported employed.' })
  employed: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'completed / reported (结业率).' })
  completionPercent: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'certified / completed (取证率).' })
  certificationPercent: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'employed / completed (就业率).' })
  employmentPercent: string | null;
}

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

  @Field(() => [SeekerGroup], {
    description: "The trainee's key groups when the seat was taken (COLLEGE_GRADUATE and WOMEN as derived then): the quote's supplements and the training indicators go by these.",
  })
  traineeGroups: SeekerGroup[];

  @Field(() => SubsidyQuote, {
    description: "The subsidy quoted for this seeker (their key groups then) when the seat was taken; standards and catalogs set later do not change it.",
  })
  quote: SubsidyQuoteShape;
}
registerNodeType(EnrollmentEntity, 'Enrollment');

@ObjectType({ simpleResolvers: true })
export class EnrollmentConnection extends Connection(Enrollment) {}

export { EnrollmentStatus, TrainingCompletion };

import { Field, Int, ObjectType } from 'type-graphql';
import { Course as CourseEntity } from '../../domain/supply/course.entity';
import { Connection } from '../common/connection';
import { CourseMode, CourseStatus, SeekerGroup, SkillLevel, TrainingType } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A subsidised-training course (培训班) offered by a provider.' })
export class Course extends Node {
  @Field()
  title: string;

  @Field({ description: '2022 classification code of the occupation it trains for.' })
  occupationCode: string;

  @Field(() => SkillLevel, { description: 'The level the course trains for (and whose certificate it leads to).' })
  skillLevel: SkillLevel;

  @Field(() => TrainingType)
  trainingType: TrainingType;

  @Field(() => CourseMode)
  mode: CourseMode;

  @Field(() => Int, { description: 'Class hours (学时).' })
  hours: number;

  @Field(() => DateScalar)
  startsOn: string;

  @Field(() => DateScalar)
  endsOn: string;

  @Field({ description: 'Six-digit code of the region where it is held.' })
  regionCode: string;

  @Field(() => String, { nullable: true })
  address: string | null;

  @Field(() => Int)
  capacity: number;

  @Field(() => Int, { description: 'Seats taken.' })
  enrolled: number;

  @Field(() => DecimalScalar, { description: 'Fee per trainee before any subsidy, CNY yuan.' })
  fee: string;

  @Field(() => [SeekerGroup], { description: 'Key groups the course is open to; empty: open to everyone.' })
  eligibleGroups: SeekerGroup[];

  @Field(() => String, { nullable: true, description: 'The certificate a trainee obtains, e.g. 职业技能等级证书（四级/中级工）.' })
  certificate: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => CourseStatus)
  status: CourseStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(CourseEntity, 'Course');

@ObjectType({ simpleResolvers: true })
export class CourseConnection extends Connection(Course) {}

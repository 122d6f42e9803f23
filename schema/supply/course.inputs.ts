import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Course as CourseEntity } from '../../domain/supply/course.entity';
import { MAX_CAPACITY, MAX_HOURS, MAX_TITLE } from '../../domain/supply/course-rules';
import { CourseMode, SeekerGroup, SkillLevel, TrainingType } from '../common/enums';
import { DateScalar, DecimalScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { Course } from './course.types';

const MAX_LINKS = 20;

@InputType()
export class CreateCourseInput {
  @Field(() => ID)
  providerId: string;

  @Field({ description: `1 to ${MAX_TITLE} characters.` })
  @MaxLength(500)
  title: string;

  @Field({ description: 'A detailed occupation of the 2022 classification.' })
  @MaxLength(20)
  occupationCode: string;

  @Field(() => SkillLevel)
  skillLevel: SkillLevel;

  @Field(() => TrainingType)
  trainingType: TrainingType;

  @Field(() => CourseMode)
  mode: CourseMode;

  @Field(() => Int, { description: `Class hours, 1 to ${MAX_HOURS.toLocaleString('en')}.` })
  hours: number;

  @Field(() => DateScalar, { description: 'Not in the past.' })
  startsOn: string;

  @Field(() => DateScalar, { description: 'Not before `startsOn`.' })
  endsOn: string;

  @Field({ description: 'Six-digit code of the region where it is held.' })
  @MaxLength(20)
  regionCode: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  address?: string | null;

  @Field(() => Int, { description: `1 to ${MAX_CAPACITY.toLocaleString('en')}.` })
  capacity: number;

  @Field(() => DecimalScalar, { description: 'Per trainee, CNY yuan, ≥ 0.' })
  fee: string;

  @Field(() => [SeekerGroup], { defaultValue: [], description: 'Empty: open to everyone.' })
  @ArrayMaxSize(20)
  eligibleGroups: SeekerGroup[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  certificate?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => [ID], { nullable: true, description: 'OPEN post demand the course trains people for (order-based training, 订单式培训).' })
  @IsOptional()
  @ArrayMaxSize(MAX_LINKS)
  linkedPostDemandIds?: string[];
}

@InputType({ description: 'Leave out what stays; `address`, `certificate`, `description: null` clear them; `linkedPostDemandIds: []` unlinks all.' })
export class UpdateCourseInput {
  @Field(() => ID)
  courseId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  occupationCode?: string;

  @Field(() => SkillLevel, { nullable: true })
  skillLevel?: SkillLevel;

  @Field(() => TrainingType, { nullable: true })
  trainingType?: TrainingType;

  @Field(() => CourseMode, { nullable: true })
  mode?: CourseMode;

  @Field(() => Int, { nullable: true })
  hours?: number;

  @Field(() => DateScalar, { nullable: true, description: 'A changed start date may not be in the past.' })
  startsOn?: string;

  @Field(() => DateScalar, { nullable: true })
  endsOn?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  regionCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  address?: string | null;

  @Field(() => Int, { nullable: true, description: 'Not below the seats already taken.' })
  capacity?: number;

  @Field(() => DecimalScalar, { nullable: true })
  fee?: string;

  @Field(() => [SeekerGroup], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  eligibleGroups?: SeekerGroup[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  certificate?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_LINKS)
  linkedPostDemandIds?: string[];
}

@InputType()
export class PublishCourseInput {
  @Field(() => ID)
  courseId: string;
}

@InputType()
export class CancelCourseInput {
  @Field(() => ID)
  courseId: string;
}

@ObjectType()
export class CoursePayload extends Payload {
  @Field(() => Course, { nullable: true })
  course: CourseEntity | null;
}

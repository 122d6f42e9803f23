import { IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import { PageArgs } from '../common/connection';
import { SkillLevel } from '../common/enums';
import { DateScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { Enrollment, EnrollmentStatus, TrainingCompletion } from './enrollment.types';

@InputType()
export class EnrollInCourseInput {
  @Field(() => ID)
  courseId: string;

  @Field(() => ID, { description: 'The job seeker taking the seat: yourself (SEEKER), or a seeker of your region (COUNSELLOR, ADMIN).' })
  seekerId: string;

  @Field(() => ID, { nullable: true, description: "A training voucher of the seeker's, ISSUED, for the course's occupation (or any), of the course's city or for an online course; the course must be subsidised for the seeker. It holds the seat until the seat is given back." })
  voucherId?: string | null;
}

@InputType()
export class WithdrawEnrollmentInput {
  @Field(() => ID)
  enrollmentId: string;

  @Field(() => String, { nullable: true, description: 'Why, up to 500 characters.' })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@ObjectType()
export class EnrollmentPayload extends Payload {
  @Field(() => Enrollment, { nullable: true })
  enrollment: EnrollmentEntity | null;
}

@InputType()
export class EnrollmentFilter {
  @Field(() => ID, { nullable: true })
  courseId?: string;

  @Field(() => ID, { nullable: true })
  seekerId?: string;

  @Field(() => EnrollmentStatus, { nullable: true })
  status?: EnrollmentStatus;

  @Field(() => Boolean, { nullable: true, description: 'true: seats with a reported outcome; false: seats still held whose outcome the provider has yet to report.' })
  outcomeReported?: boolean;
}

@InputType()
export class ReportTrainingCompletionInput {
  @Field(() => ID)
  enrollmentId: string;

  @Field(() => TrainingCompletion)
  completion: TrainingCompletion;

  @Field(() => DateScalar, { description: 'The day the trainee completed the course (on or after its last day) or left it; not in the future.' })
  finishedOn: string;

  @Field(() => SkillLevel, { nullable: true, description: "The skill certificate obtained, COMPLETED only, at most the course's level; raises the seeker's recorded level." })
  certificateLevel?: SkillLevel | null;

  @Field(() => String, { nullable: true, description: 'The certificate number, with `certificateLevel` (1 to 64 characters).' })
  @IsOptional()
  @Length(1, 64)
  certificateNumber?: string | null;
}

@InputType()
export class ReportEmploymentInput {
  @Field(() => ID)
  enrollmentId: string;

  @Field(() => DateScalar, { description: 'First day of the job: not before the course started, not in the future.' })
  employedOn: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code of the employer (check character verified).' })
  employerCreditCode?: string | null;
}

@ArgsType()
export class EnrollmentsArgs extends PageArgs {
  @Field(() => EnrollmentFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: EnrollmentFilter;
}

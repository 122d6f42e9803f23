import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import { PageArgs } from '../common/connection';
import { Payload } from '../common/user-error';
import { Enrollment, EnrollmentStatus } from './enrollment.types';

@InputType()
export class EnrollInCourseInput {
  @Field(() => ID)
  courseId: string;

  @Field(() => ID, { description: 'The job seeker taking the seat: yourself (SEEKER), or a seeker of your region (COUNSELLOR, ADMIN).' })
  seekerId: string;
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
}

@ArgsType()
export class EnrollmentsArgs extends PageArgs {
  @Field(() => EnrollmentFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: EnrollmentFilter;
}

import { ArrayMaxSize, IsBoolean, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import { PageArgs } from '../common/connection';
import { SeekerGroup, SkillLevel } from '../common/enums';
import { DateScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { IsOccupationCode, IsRegionCode } from '../common/validators';
import { JobSeeker } from './job-seeker.types';
import { EducationLevel, EmploymentStatus } from './seeker-enums';

const GROUPS_NOTE =
  'COLLEGE_GRADUATE is derived from education level, graduation date and employment status, WOMEN from the identity number (GB 11643: an even 17th digit); giving either changes nothing. UNEMPLOYED needs employmentStatus UNEMPLOYED.';

/*
 * Identity number and phone get only a length cap here: their real checks (check digit, birth date,
 * mobile prefix) live in domain/seeker/identity.ts, whose messages never repeat the value. Target
 * occupations are checked against the classification, each on its own index.
 */
@InputType()
export class RegisterJobSeekerInput {
  @Field()
  @Length(1, 50)
  name: string;

  @Field({ description: '18-character resident identity number (GB 11643) with a valid check digit.' })
  @MaxLength(30)
  idNumber: string;

  @Field({ description: 'Mainland mobile number, 11 digits.' })
  @MaxLength(20)
  phone: string;

  @Field(() => DateScalar, { nullable: true, description: 'Must match the identity number; left out, it is taken from it.' })
  birthDate?: string;

  @Field()
  @IsRegionCode()
  regionCode: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsRegionCode()
  homeRegionCode?: string;

  @Field(() => EducationLevel)
  educationLevel: EducationLevel;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(100)
  major?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(100)
  school?: string;

  @Field(() => DateScalar, { nullable: true, description: 'At most one year ahead.' })
  graduationDate?: string;

  @Field(() => EmploymentStatus)
  employmentStatus: EmploymentStatus;

  @Field(() => SkillLevel, { nullable: true })
  currentSkillLevel?: SkillLevel;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @MaxLength(100, { each: true })
  certificates?: string[];

  @Field(() => [String])
  @ArrayMaxSize(10)
  @MaxLength(20, { each: true })
  targetOccupationCodes: string[];

  @Field(() => [SeekerGroup], { description: GROUPS_NOTE })
  @ArrayMaxSize(20)
  groups: SeekerGroup[];

  @Field({ description: 'The seeker consents to the use of their data; registration needs true.' })
  @IsBoolean()
  consent: boolean;
}

@InputType({ description: 'Leave out what stays; null clears an optional field (a null birthDate is taken from the identity number).' })
export class UpdateJobSeekerInput {
  @Field(() => ID)
  seekerId: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 50)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(30)
  idNumber?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(20)
  phone?: string;

  @Field(() => DateScalar, { nullable: true })
  birthDate?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsRegionCode()
  homeRegionCode?: string | null;

  @Field(() => EducationLevel, { nullable: true })
  educationLevel?: EducationLevel;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  major?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  school?: string | null;

  @Field(() => DateScalar, { nullable: true })
  graduationDate?: string | null;

  @Field(() => EmploymentStatus, { nullable: true })
  employmentStatus?: EmploymentStatus;

  @Field(() => SkillLevel, { nullable: true })
  currentSkillLevel?: SkillLevel | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @MaxLength(100, { each: true })
  certificates?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @MaxLength(20, { each: true })
  targetOccupationCodes?: string[];

  @Field(() => [SeekerGroup], { nullable: true, description: GROUPS_NOTE })
  @IsOptional()
  @ArrayMaxSize(20)
  groups?: SeekerGroup[];
}

@ObjectType()
export class JobSeekerPayload extends Payload {
  @Field(() => JobSeeker, { nullable: true })
  jobSeeker: JobSeekerEntity | null;
}

@InputType()
export class JobSeekerFilter {
  @Field({ nullable: true, description: 'This region and every region below it, inside your own.' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field(() => SeekerGroup, { nullable: true, description: 'COLLEGE_GRADUATE matches the derived group.' })
  group?: SeekerGroup;

  @Field({ nullable: true })
  @IsOptional()
  @IsOccupationCode()
  targetOccupationCode?: string;
}

@ArgsType()
export class JobSeekersArgs extends PageArgs {
  @Field({ nullable: true, description: 'A whole name, or an exact identity number or phone (personal data is sealed: no partial matches).' })
  @IsOptional()
  @MaxLength(50)
  query?: string;

  @Field(() => JobSeekerFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: JobSeekerFilter;
}

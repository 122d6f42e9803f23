import { Field, ObjectType } from 'type-graphql';
import { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import { Connection } from '../common/connection';
import { SeekerGroup, SkillLevel } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar } from '../common/scalars';
import { EducationLevel, EmploymentStatus } from './seeker-enums';

@ObjectType({
  implements: Node,
  description:
    'A job seeker (求职者), visible to counsellors and admins of their region and to themself. Identity number and phone are masked for everyone but ADMIN of their region.',
})
export class JobSeeker extends Node {
  @Field(() => DateScalar, { description: 'As in the identity number.' })
  birthDate: string;

  @Field({ description: 'Six-digit code of the region the seeker lives and is served in.' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'Household registration (户籍) region.' })
  homeRegionCode: string | null;

  @Field(() => EducationLevel)
  educationLevel: EducationLevel;

  @Field(() => String, { nullable: true })
  major: string | null;

  @Field(() => String, { nullable: true })
  school: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Day of leaving (or planned leaving of) school.' })
  graduationDate: string | null;

  @Field(() => EmploymentStatus)
  employmentStatus: EmploymentStatus;

  @Field(() => SkillLevel, { nullable: true, description: 'Highest skill level certified so far.' })
  currentSkillLevel: SkillLevel | null;

  @Field(() => [String], { description: 'Certificates held, as written on them.' })
  certificates: string[];

  @Field(() => [String], { description: 'Codes of the occupations the seeker aims at; see `targetOccupations`.' })
  targetOccupationCodes: string[];

  @Field(() => DateTimeScalar, { description: 'When the seeker consented to the use of their data.' })
  consentAt: Date;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(JobSeekerEntity, 'JobSeeker');

@ObjectType({ simpleResolvers: true })
export class JobSeekerConnection extends Connection(JobSeeker) {}

export { SeekerGroup };

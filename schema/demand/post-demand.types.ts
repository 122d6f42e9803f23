import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PostDemand as PostDemandEntity } from '../../domain/demand/post-demand.entity';
import { Connection, PageArgs } from '../common/connection';
import { PostDemandStatus, SkillLevel } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';
import { IsRegionCode, IsOccupationCode } from '../common/validators';
import { Payload } from '../common/user-error';

@ObjectType({ implements: Node, simpleResolvers: true, description: "One line of an enterprise's post demand (岗位需求): how many people, for which occupation and level, at what wage." })
export class PostDemand extends Node {
  @Field({ description: '2022 classification code (a 2015 code given at submission is stored as the code it maps to).' })
  occupationCode: string;

  @Field()
  jobTitle: string;

  @Field(() => Int)
  headcount: number;

  @Field(() => SkillLevel, { description: 'Required skill level.' })
  skillLevel: SkillLevel;

  @Field(() => DecimalScalar, { description: 'Monthly wage from, CNY yuan.' })
  wageMin: string;

  @Field(() => DecimalScalar, { description: 'Monthly wage up to, CNY yuan.' })
  wageMax: string;

  @Field({ description: 'Six-digit code of the work region.' })
  regionCode: string;

  @Field(() => String, { nullable: true })
  tasks: string | null;

  @Field(() => DateScalar, { description: 'Last day the line is open; it expires the day after.' })
  validUntil: string;

  @Field(() => String, { nullable: true, description: "The agency source a synced line came from; null for lines submitted here." })
  source: string | null;

  @Field(() => String, { nullable: true, description: "The agency's own id for a synced line." })
  externalId: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(PostDemandEntity, 'PostDemand');

@ObjectType({ simpleResolvers: true })
export class PostDemandConnection extends Connection(PostDemand) {}

@InputType()
export class PostDemandFilter {
  @Field({ nullable: true, description: 'This region and every region below it (`210200` includes all of Dalian).' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsOccupationCode()
  occupationCode?: string;

  @Field(() => PostDemandStatus, { nullable: true, description: 'Defaults to OPEN (valid today); ask for WITHDRAWN, FILLED or EXPIRED lines by name.' })
  status?: PostDemandStatus;

  @Field(() => ID, { nullable: true })
  enterpriseId?: string;

  @Field(() => ID, { nullable: true, description: 'Lines of the enterprises in this skill-ecosystem chain (its members and its leader).' })
  chainId?: string;

  @Field(() => SkillLevel, { nullable: true, description: 'This skill level or a higher one.' })
  minSkillLevel?: SkillLevel;

  @Field(() => ID, { nullable: true, description: 'Lines submitted to this survey round.' })
  surveyId?: string;
}

@ArgsType()
export class PostDemandsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Full text over job title, tasks, occupation name and aliases, enterprise name; best match first. Without it, newest first.' })
  @IsOptional()
  @MaxLength(100)
  query?: string;

  @Field(() => PostDemandFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: PostDemandFilter;
}

@ArgsType()
export class PostDemandArgs {
  @Field(() => ID)
  id: string;
}

@InputType()
export class SubmitPostDemandInput {
  @Field(() => ID)
  enterpriseId: string;

  @Field(() => ID, { nullable: true, description: 'An OPEN survey round of a region covering `regionCode`; leave out for a standing demand.' })
  surveyId?: string | null;

  @Field({ description: '2022 classification code, or a 2015 code the mapping table knows.' })
  @MaxLength(20)
  occupationCode: string;

  @Field({ description: '1 to 100 characters.' })
  @MaxLength(500)
  jobTitle: string;

  @Field(() => Int, { description: '1 to 100,000.' })
  headcount: number;

  @Field(() => SkillLevel)
  skillLevel: SkillLevel;

  @Field(() => DecimalScalar, { description: 'Monthly, CNY yuan, ≥ 0.' })
  wageMin: string;

  @Field(() => DecimalScalar, { description: 'Monthly, CNY yuan, ≥ wageMin.' })
  wageMax: string;

  @Field({ description: 'Six-digit code of the work region.' })
  @MaxLength(20)
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'At most 2,000 characters.' })
  @IsOptional()
  @MaxLength(10_000)
  tasks?: string | null;

  @Field(() => DateScalar, { description: 'Not in the past.' })
  validUntil: string;
}

@InputType({ description: 'Leave out what stays; `tasks: null` clears the tasks, `surveyId: null` takes the line out of its round.' })
export class UpdatePostDemandInput {
  @Field(() => ID)
  postDemandId: string;

  @Field(() => ID, { nullable: true })
  surveyId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  occupationCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  jobTitle?: string;

  @Field(() => Int, { nullable: true })
  headcount?: number;

  @Field(() => SkillLevel, { nullable: true })
  skillLevel?: SkillLevel;

  @Field(() => DecimalScalar, { nullable: true })
  wageMin?: string;

  @Field(() => DecimalScalar, { nullable: true })
  wageMax?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  regionCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  tasks?: string | null;

  @Field(() => DateScalar, { nullable: true })
  validUntil?: string;
}

@InputType()
export class WithdrawPostDemandInput {
  @Field(() => ID)
  postDemandId: string;
}

@ObjectType()
export class PostDemandPayload extends Payload {
  @Field(() => PostDemand, { nullable: true })
  postDemand: PostDemandEntity | null;
}

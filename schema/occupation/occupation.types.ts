import { ArrayMaxSize, IsOptional, MaxLength, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import { Connection, PageArgs } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { DateTimeScalar } from '../common/scalars';
import { IsOccupationCode } from '../common/validators';
import { Payload } from '../common/user-error';


@ObjectType({ implements: Node, simpleResolvers: true, description: 'An occupation (职业) of the National Occupational Classification, 2022 edition.' })
export class Occupation extends Node {
  @Field({ description: 'Classification code, e.g. `4-04-05-05`.' })
  code: string;

  @Field({ description: 'Official name, e.g. 人工智能训练师.' })
  name: string;

  @Field(() => Int, { description: 'Major group (大类) 1–8, the first digit of the code.' })
  majorGroup: number;

  @Field({ description: 'Marked S (数字职业) in the 2022 edition.' })
  isDigital: boolean;

  @Field({ description: 'Marked L (绿色职业) in the 2022 edition.' })
  isGreen: boolean;

  @Field(() => String, { nullable: true, description: 'Official definition.' })
  definition: string | null;

  @Field(() => String, { nullable: true, description: 'Main tasks, numbered as in the classification.' })
  tasks: string | null;

  @Field(() => [String], { description: 'Colloquial names (e.g. 数标员, AI训练师); searched as synonyms.' })
  aliases: string[];

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(OccupationEntity, 'Occupation');

@ObjectType({ simpleResolvers: true })
export class OccupationConnection extends Connection(Occupation) {}

@InputType()
export class OccupationFilter {
  @Field(() => Int, { nullable: true, description: 'Major group 1–8.' })
  @IsOptional()
  @Min(1)
  @Max(8)
  majorGroup?: number;

  @Field({ nullable: true, description: 'Only digital occupations (true) or only others (false).' })
  isDigital?: boolean;

  @Field({ nullable: true, description: 'Only green occupations (true) or only others (false).' })
  isGreen?: boolean;

  @Field({ nullable: true, defaultValue: false, description: 'Also list the eight major groups (`N-00-00-00`).' })
  includeMajorGroups?: boolean;
}

@ArgsType()
export class OccupationsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Search-as-you-type text: a name, part of one, an alias or a code.' })
  @IsOptional()
  @MaxLength(100)
  query?: string;

  @Field(() => OccupationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: OccupationFilter;
}

@ArgsType()
export class OccupationArgs {
  @Field({ description: 'Classification code, e.g. `4-10-01-05`.' })
  @IsOccupationCode()
  code: string;
}

@InputType()
export class SetOccupationAliasesInput {
  @Field()
  @IsOccupationCode()
  code: string;

  @Field(() => [String], { description: 'The complete list of colloquial names; replaces the current one.' })
  @ArrayMaxSize(50)
  @MaxLength(40, { each: true })
  aliases: string[];
}

@ObjectType()
export class SetOccupationAliasesPayload extends Payload {
  @Field(() => Occupation, { nullable: true })
  occupation: OccupationEntity | null;
}

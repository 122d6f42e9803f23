import { IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DemandSurvey as SurveyEntity } from '../../domain/demand/demand-survey.entity';
import { DemandSurveyStatus } from '../../domain/demand/survey.service';
import { Connection, PageArgs } from '../common/connection';
import { SkillLevel } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar } from '../common/scalars';
import { IsRegionCode } from '../common/validators';
import { Payload } from '../common/user-error';

registerEnumType(DemandSurveyStatus, {
  name: 'DemandSurveyStatus',
  description: "Where a survey round stands, from its dates in China's calendar (UTC+8) and an early close.",
  valuesConfig: {
    SCHEDULED: { description: '未开始: before `opensOn`.' },
    OPEN: { description: '进行中: from `opensOn` to `closesOn`, both included, unless closed early.' },
    CLOSED: { description: '已结束: after `closesOn`, or closed by staff.' },
  },
});

/** A year, quarter, half-year or month: `2026`, `2026Q3`, `2026H2`, `2026-09`. */
export const PERIOD = /^\d{4}(Q[1-4]|H[12]|-(0[1-9]|1[0-2]))?$/;

@ObjectType({ simpleResolvers: true, description: 'Open demand of one occupation at one skill level.' })
export class OccupationDemandTotal {
  @Field()
  occupationCode: string;

  @Field(() => SkillLevel)
  skillLevel: SkillLevel;

  @Field(() => Int, { description: 'Open lines.' })
  lines: number;

  @Field(() => Int, { description: 'People wanted by those lines.' })
  headcount: number;
}

@ObjectType({ simpleResolvers: true, description: "The open lines of a survey round (valid today), in all and per occupation and skill level." })
export class DemandSurveySummary {
  @Field(() => Int)
  lines: number;

  @Field(() => Int)
  headcount: number;

  @Field(() => [OccupationDemandTotal], { description: 'Largest headcount first.' })
  byOccupation: OccupationDemandTotal[];
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A post-demand survey round (岗位用工需求调查) of a region for a period.' })
export class DemandSurvey extends Node {
  @Field({ description: 'Six-digit code of the region the round covers (and every region below it).' })
  regionCode: string;

  @Field({ description: 'e.g. `2026Q3`.' })
  period: string;

  @Field()
  title: string;

  @Field(() => DateScalar, { description: 'First day submissions are accepted.' })
  opensOn: string;

  @Field(() => DateScalar, { description: 'Last day submissions are accepted.' })
  closesOn: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When staff closed the round early.' })
  closedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}
registerNodeType(SurveyEntity, 'DemandSurvey');

@ObjectType({ simpleResolvers: true })
export class DemandSurveyConnection extends Connection(DemandSurvey) {}

@InputType()
export class DemandSurveyFilter {
  @Field({ nullable: true, description: 'Rounds of this region and of every region below it.' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field({ nullable: true, description: 'Rounds a line in this region may be submitted to: of this region or of a region above it.' })
  @IsOptional()
  @IsRegionCode()
  coversRegionCode?: string;

  @Field(() => DemandSurveyStatus, { nullable: true })
  status?: DemandSurveyStatus;
}

@ArgsType()
export class DemandSurveysArgs extends PageArgs {
  @Field(() => DemandSurveyFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: DemandSurveyFilter;
}

@InputType()
export class OpenDemandSurveyInput {
  @Field({ description: 'Region of your scope the round covers.' })
  @IsRegionCode()
  regionCode: string;

  @Field({ description: 'A year, quarter, half-year or month: `2026`, `2026Q3`, `2026H2`, `2026-09`; one round per region and period.' })
  @Matches(PERIOD, { message: 'period must be a year, quarter, half-year or month such as 2026, 2026Q3, 2026H2 or 2026-09' })
  period: string;

  @Field()
  @Length(1, 200, { message: 'title must have 1 to 200 characters' })
  title: string;

  @Field(() => DateScalar)
  opensOn: string;

  @Field(() => DateScalar, { description: 'Not before `opensOn`, not in the past.' })
  closesOn: string;
}

@InputType()
export class CloseDemandSurveyInput {
  @Field(() => ID)
  surveyId: string;
}

@ObjectType()
export class DemandSurveyPayload extends Payload {
  @Field(() => DemandSurvey, { nullable: true })
  survey: SurveyEntity | null;
}

import { ArrayMaxSize, ArrayMinSize, IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Competition as CompetitionEntity, CompetitionFinalist as CompetitionFinalistEntity } from '../../domain/competition/competition.entity';
import type { CompetitionLevel as CompetitionLevelValue } from '../../domain/supply/supply-enums';
import { CompetitionLevel } from '../common/enums';
import { DateScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { IsOccupationCode, IsRegionCode } from '../common/validators';
import { Competition, CompetitionFinalist } from './competition.types';

/** At most this many finalists per call: one competition's list from one region. */
export const MAX_FINALISTS_PER_CALL = 200;

@InputType()
export class RegisterCompetitionInput {
  @Field({ description: '1 to 200 characters.' })
  @Length(1, 200)
  name: string;

  @Field(() => CompetitionLevel)
  level: CompetitionLevelValue;

  @Field({ description: 'The region that holds it, or that records a national or world competition.' })
  @IsRegionCode()
  regionCode: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsOccupationCode()
  occupationCode?: string | null;

  @Field(() => DateScalar, { description: 'The day of the final; at most a year ahead.' })
  finalOn: string;
}

@ObjectType()
export class CompetitionPayload extends Payload {
  @Field(() => Competition, { nullable: true })
  competition: CompetitionEntity | null;
}

@InputType()
export class FinalistInput {
  @Field(() => ID)
  seekerId: string;

  @Field(() => ID, { nullable: true, description: 'The enterprise that sent them; or give providerId.' })
  enterpriseId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The college (院校: vocational college, technical school, higher-education institution) that sent them.' })
  providerId?: string | null;
}

@InputType()
export class RecordCompetitionFinalistsInput {
  @Field(() => ID)
  competitionId: string;

  @Field(() => [FinalistInput], { description: `1 to ${MAX_FINALISTS_PER_CALL} finalists sent by enterprises and colleges of your region.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FINALISTS_PER_CALL)
  finalists: FinalistInput[];
}

@ObjectType()
export class CompetitionFinalistsPayload extends Payload {
  @Field(() => [CompetitionFinalist], { nullable: true })
  finalists: CompetitionFinalistEntity[] | null;
}

@InputType()
export class ClaimCompetitionSubsidiesInput {
  @Field(() => [ID], { description: `Finalists, 1 to ${MAX_FINALISTS_PER_CALL}, each named once.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FINALISTS_PER_CALL)
  finalistIds: string[];
}

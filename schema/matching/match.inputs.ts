import { IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CourseMode, TrainingType } from '../common/enums';
import { DateScalar } from '../common/scalars';
import { IsOccupationCode } from '../common/validators';

/** Matches are a short list to act on, not a catalogue to page through. */
export const MAX_MATCHES = 50;
const DEFAULT_MATCHES = 10;

@InputType({ description: 'Narrows the courses a match may propose; eligibility always applies.' })
export class MatchFilter {
  @Field({ nullable: true })
  @IsOptional()
  @IsOccupationCode()
  occupationCode?: string;

  @Field(() => CourseMode, { nullable: true })
  mode?: CourseMode;

  @Field(() => TrainingType, { nullable: true })
  trainingType?: TrainingType;

  @Field(() => DateScalar, { nullable: true, description: 'Starting on or before this day.' })
  startsBefore?: string;
}

@ArgsType()
class MatchCount {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_MATCHES, description: `How many, best first: 1 to ${MAX_MATCHES} (default ${DEFAULT_MATCHES}; null means the default).` })
  @IsOptional()
  @Min(1)
  @Max(MAX_MATCHES)
  first?: number | null;

  /** API.md declares `first: Int`, so a client may send an explicit null. */
  get count(): number {
    return this.first ?? DEFAULT_MATCHES;
  }
}

@ArgsType()
export class CourseMatchesArgs extends MatchCount {
  @Field(() => ID)
  seekerId: string;

  @Field(() => MatchFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: MatchFilter;
}

@ArgsType()
export class PostDemandMatchesArgs extends MatchCount {
  @Field(() => ID)
  seekerId: string;
}

@ArgsType()
export class CandidatesForCourseArgs extends MatchCount {
  @Field(() => ID)
  courseId: string;
}

@ArgsType()
export class UpliftedSeekersArgs extends MatchCount {
  @Field(() => ID, { description: 'A published (or since superseded) shortage catalog.' })
  catalogId: string;
}

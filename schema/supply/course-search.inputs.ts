import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { CourseSort } from '../../domain/supply/course-search.service';
import { PageArgs } from '../common/connection';
import { CourseMode, SkillLevel, TrainingType } from '../common/enums';
import { DateScalar } from '../common/scalars';
import { IsOccupationCode, IsRegionCode } from '../common/validators';

registerEnumType(CourseSort, {
  name: 'CourseSort',
  valuesConfig: {
    RELEVANCE: { description: '相关度（无检索词时按开班日期）' },
    STARTS_ON: { description: '开班日期，早的在前' },
    NET_COST: { description: '补贴后个人负担，低的在前' },
  },
});

@InputType()
export class CourseFilter {
  @Field({ nullable: true, description: 'This region and every region below it (`210200` includes all of Dalian).' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsOccupationCode()
  occupationCode?: string;

  @Field(() => SkillLevel, { nullable: true, description: 'The level the course trains for.' })
  skillLevel?: SkillLevel;

  @Field(() => CourseMode, { nullable: true })
  mode?: CourseMode;

  @Field(() => TrainingType, { nullable: true })
  trainingType?: TrainingType;

  @Field({ nullable: true, description: 'Only courses that carry a subsidy: provider admitted for the course dates and a standard in force. Decided by the live quote, so a suspension takes effect at once (a page may then hold fewer than `first`).' })
  subsidisedOnly?: boolean;

  @Field({ nullable: true, description: "Only courses whose occupation is on the shortage catalog in force for the course's region on its start date." })
  shortageOnly?: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'Starting on or after this day.' })
  startsAfter?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Starting on or before this day.' })
  startsBefore?: string;

  @Field(() => ID, { nullable: true })
  providerId?: string;
}

@ArgsType()
export class CoursesArgs extends PageArgs {
  @Field({ nullable: true, description: 'Full text over title, occupation name and aliases, description and provider name.' })
  @IsOptional()
  @MaxLength(100)
  query?: string;

  @Field(() => CourseFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CourseFilter;

  @Field(() => CourseSort, { defaultValue: CourseSort.RELEVANCE })
  sort: CourseSort;
}

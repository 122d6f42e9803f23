import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { SubsidyStandard as SubsidyStandardEntity } from '../../domain/supply/subsidy-standard.entity';
import { PageArgs } from '../common/connection';
import { CompetitionLevel, SeekerGroup, SkillLevel, SubsidyKind, SubsidyUnit, TrainingType } from '../common/enums';
import { DateScalar, DecimalScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { IsOccupationCode, IsRegionCode } from '../common/validators';
import { SubsidyStandard } from './subsidy.types';

@InputType()
export class SetSubsidyStandardInput {
  @Field({ description: 'A region you administer (or one below it).' })
  @IsRegionCode()
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'Leave out for every occupation.' })
  @IsOptional()
  @IsOccupationCode()
  occupationCode?: string | null;

  @Field(() => SkillLevel, { nullable: true, description: 'Leave out for every level.' })
  skillLevel?: SkillLevel | null;

  @Field(() => TrainingType, { nullable: true, description: 'Leave out for every training type.' })
  trainingType?: TrainingType | null;

  @Field(() => SubsidyKind, { defaultValue: SubsidyKind.TRAINING })
  kind: SubsidyKind;

  @Field(() => SeekerGroup, { nullable: true, description: 'Required for GROUP_SUPPLEMENT, refused for other kinds.' })
  seekerGroup?: SeekerGroup | null;

  @Field(() => CompetitionLevel, { nullable: true, description: 'Required for COMPETITION, refused for other kinds.' })
  competitionLevel?: CompetitionLevel | null;

  @Field(() => DecimalScalar, { description: 'CNY yuan ≥ 0, at most two decimal places.' })
  amount: string;

  @Field(() => SubsidyUnit, { defaultValue: SubsidyUnit.PER_PERSON })
  unit: SubsidyUnit;

  @Field(() => DateScalar, {
    description:
      'First day in force. A standard of the same key (region, kind, occupation, level, training type, group) that started earlier and still runs then is closed the day before; one starting on or after this day that overlaps is an OVERLAP error.',
  })
  effectiveFrom: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day in force; leave out for open-ended.' })
  effectiveUntil?: string | null;

  @Field(() => String, { nullable: true, description: 'Document and article the figure comes from, shown in quote lines.' })
  @IsOptional()
  @MaxLength(500)
  basis?: string | null;
}

@ObjectType()
export class SubsidyStandardPayload extends Payload {
  @Field(() => SubsidyStandard, { nullable: true })
  subsidyStandard: SubsidyStandardEntity | null;
}

@InputType()
export class SubsidyStandardFilter {
  @Field({
    nullable: true,
    description: 'Standards that apply in this region: its own and those of the regions above it (a city sees the provincial standards it inherits).',
  })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field(() => SubsidyKind, { nullable: true })
  kind?: SubsidyKind;

  @Field({ nullable: true, description: 'Standards for this occupation and those for every occupation.' })
  @IsOptional()
  @IsOccupationCode()
  occupationCode?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only standards in force on this day.' })
  on?: string;
}

@ArgsType()
export class SubsidyStandardsArgs extends PageArgs {
  @Field(() => SubsidyStandardFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: SubsidyStandardFilter;
}

@ArgsType()
export class SubsidyQuoteArgs {
  @Field(() => ID)
  courseId: string;

  @Field(() => ID, { nullable: true, description: "A job seeker whose key groups today (as `JobSeeker.groups` reads them) decide the supplements; they take precedence over `groups`. NOT_FOUND on `seekerId` unless the seeker exists and you may read them (the seeker themself, or COUNSELLOR or ADMIN of a region covering theirs)." })
  seekerId?: string;

  @Field(() => [SeekerGroup], { nullable: true, description: "Key groups to quote supplements for, so a counsellor can preview them; ignored once `seekerId` names a seeker." })
  @IsOptional()
  @ArrayMaxSize(9)
  groups?: SeekerGroup[];
}

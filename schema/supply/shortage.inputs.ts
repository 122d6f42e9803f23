import { IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MAX_PAGE_SIZE, PageArgs } from '../common/connection';
import { ShortageCatalogStatus, ShortageLevel } from '../common/enums';
import { DateScalar, DecimalScalar } from '../common/scalars';
import { IsOccupationCode, IsRegionCode } from '../common/validators';
import { PERIOD } from '../demand/survey.types';

/** Not negative, at most two places: the shape of a ratio or a percentage. */
const NON_NEGATIVE = /^\d+(\.\d{1,2})?$/;
const IsNonNegative = () => Matches(NON_NEGATIVE, { message: ({ property }) => `${property} must be 0 or more with at most two places` });

@InputType()
export class ShortageCatalogFilter {
  @Field({ nullable: true, description: 'Catalogs of this region and of every region below it.' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field(() => ShortageCatalogStatus, { nullable: true })
  status?: ShortageCatalogStatus;
}

@ArgsType()
export class ShortageCatalogsArgs extends PageArgs {
  @Field(() => ShortageCatalogFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ShortageCatalogFilter;
}

@ArgsType()
export class ShortageStatusArgs {
  @Field({ description: 'The region a course or a person is in; the nearest region with a catalog in force decides.' })
  @IsRegionCode()
  regionCode: string;

  @Field()
  @IsOccupationCode()
  occupationCode: string;

  @Field(() => DateScalar, { nullable: true, description: "The day asked about; default today in China's calendar." })
  on?: string;
}

@ArgsType()
export class DemandGapArgs {
  @Field({ description: 'This region and every region below it.' })
  @IsRegionCode()
  regionCode: string;

  @Field(() => Int, { nullable: true, description: `How many occupations, 1 to ${MAX_PAGE_SIZE} (default 20).` })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;
}

@InputType()
export class DraftShortageCatalogInput {
  @Field({ description: 'Region of your scope the catalog is for.' })
  @IsRegionCode()
  regionCode: string;

  @Field({ description: 'A year, quarter, half-year or month: `2026`, `2026Q3`, `2026H2`, `2026-09`.' })
  @Matches(PERIOD, { message: 'period must be a year, quarter, half-year or month such as 2026, 2026Q3, 2026H2 or 2026-09' })
  period: string;

  @Field()
  @Length(1, 200, { message: 'title must have 1 to 200 characters' })
  title: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Occupations with open demand at least this many times their supply are drafted (default `1.50`); those with no supply always are.',
  })
  @IsOptional()
  @IsNonNegative()
  minRatio?: string;
}

@InputType()
export class SetShortageCatalogEntryInput {
  @Field(() => ID, { description: 'A draft catalog.' })
  catalogId: string;

  @Field()
  @IsOccupationCode()
  occupationCode: string;

  @Field(() => ShortageLevel)
  level: ShortageLevel;

  @Field(() => DecimalScalar, { description: "Percent, not above the cap of the catalog's region (its own policy, its city's, its province's, else 10.00)." })
  @IsNonNegative()
  subsidyUpliftPercent: string;

  @Field(() => String, { nullable: true, description: 'Omitted: the entry keeps its note; null: none.' })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;
}

@InputType()
export class RemoveShortageCatalogEntryInput {
  @Field(() => ID, { description: 'A draft catalog.' })
  catalogId: string;

  @Field()
  @IsOccupationCode()
  occupationCode: string;
}

@InputType()
export class PublishShortageCatalogInput {
  @Field(() => ID, { description: 'A draft catalog.' })
  catalogId: string;

  @Field(() => DateScalar, { description: 'First day in force; after the day the latest catalog of the region took effect.' })
  effectiveFrom: string;
}

@InputType()
export class SetRegionPolicyInput {
  @Field({ description: 'Region of your scope; regions below it without a policy of their own inherit it.' })
  @IsRegionCode()
  regionCode: string;

  @Field(() => DecimalScalar, { description: 'Cap on shortage uplifts in percent, 0 to 100.' })
  @IsNonNegative()
  maxShortageUpliftPercent: string;
}

import { IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IndicatorTarget as IndicatorTargetEntity } from '../../domain/indicators/indicator-target.entity';
import { TRAINING_INDICATOR_TERMS, TrainingIndicator } from '../../domain/indicators/training-indicator';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DecimalScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { IsRegionCode } from '../common/validators';

registerEnumType(TrainingIndicator, {
  name: 'TrainingIndicator',
  description: 'The training figures a bureau watches (辽宁省“十四五”职业技能培训规划 专栏1).',
  valuesConfig: Object.fromEntries(Object.entries(TRAINING_INDICATOR_TERMS).map(([k, term]) => [k, { description: term }])),
});

@ObjectType({ implements: Node, simpleResolvers: true, description: "A region's target for one indicator over a period, held as data." })
export class IndicatorTarget extends Node {
  @Field()
  regionCode: string;

  @Field(() => TrainingIndicator)
  indicator: TrainingIndicator;

  @Field(() => DateScalar)
  periodFrom: string;

  @Field(() => DateScalar)
  periodUntil: string;

  @Field(() => Int)
  target: number;

  @Field(() => String, { nullable: true, description: 'The document the target comes from.' })
  basis: string | null;
}
registerNodeType(IndicatorTargetEntity, 'IndicatorTarget');

@ObjectType({ simpleResolvers: true })
export class IndicatorFigure {
  @Field(() => TrainingIndicator)
  indicator: TrainingIndicator;

  @Field({ description: "The indicator in the documents' words." })
  label: string;

  @Field(() => Int, { description: 'Counted from the seats, outcomes and employment the platform records.' })
  actual: number;

  @Field(() => IndicatorTarget, { nullable: true, description: 'The target set for exactly this region and period, if any.' })
  target: IndicatorTargetEntity | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'actual / target in percent, two places, rounded half up.' })
  percentOfTarget: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Training indicators of a region and every region below it over a period: trainings by the course start date (seats held, subsidy quoted above zero), certificates by the day the course was finished, employment by its first day.',
})
export class TrainingIndicators {
  @Field()
  regionCode: string;

  @Field(() => DateScalar)
  from: string;

  @Field(() => DateScalar)
  until: string;

  @Field(() => [IndicatorFigure])
  figures: IndicatorFigure[];

  @Field(() => DecimalScalar, { description: 'Subsidy promised to the trainings counted, as quoted when each seat was taken.' })
  subsidyCommitted: string;

  @Field(() => DecimalScalar, { description: "Subsidy claims on the region's courses paid in the period (资金拨付), by the day paid." })
  subsidyPaid: string;

  @Field(() => DecimalScalar, { description: 'Subsidy paid on claims of the region that supervision found misused and that came back in the period (追回), by the day recovered.' })
  subsidyRecovered: string;
}

@ArgsType()
export class TrainingIndicatorsArgs {
  @Field({ description: 'A region you administer (or one below it).' })
  @IsRegionCode()
  regionCode: string;

  @Field(() => DateScalar)
  from: string;

  @Field(() => DateScalar)
  until: string;
}

@InputType()
export class SetIndicatorTargetInput {
  @Field({ description: 'A region you administer (or one below it).' })
  @IsRegionCode()
  regionCode: string;

  @Field(() => TrainingIndicator)
  indicator: TrainingIndicator;

  @Field(() => DateScalar)
  periodFrom: string;

  @Field(() => DateScalar)
  periodUntil: string;

  @Field(() => Int, { description: 'Persons or person-times, at least 1.' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  target: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  basis?: string | null;
}

@ObjectType()
export class IndicatorTargetPayload extends Payload {
  @Field(() => IndicatorTarget, { nullable: true })
  indicatorTarget: IndicatorTargetEntity | null;
}

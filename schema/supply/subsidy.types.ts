import { Field, ObjectType } from 'type-graphql';
import { SubsidyStandard as SubsidyStandardEntity } from '../../domain/supply/subsidy-standard.entity';
import type { SubsidyLine as SubsidyLineShape } from '../../domain/supply/subsidy-quote';
import { Connection } from '../common/connection';
import { CompetitionLevel, SeekerGroup, SkillLevel, SubsidyKind, SubsidyLineKind, SubsidyUnit, TrainingType } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    'A subsidy standard (补贴标准) of a region, held as data: for every occupation, level and training type unless it names one, in force from `effectiveFrom` to `effectiveUntil`. A region without a standard of its own inherits the nearest one above it.',
})
export class SubsidyStandard extends Node {
  @Field({ description: 'Six-digit code of the region it is set for (and applies below).' })
  regionCode: string;

  @Field(() => SubsidyKind)
  kind: SubsidyKind;

  @Field(() => String, { nullable: true, description: 'Null: every occupation.' })
  occupationCode: string | null;

  @Field(() => SkillLevel, { nullable: true, description: 'The level the course trains for (the certificate level, for CERTIFICATE). Null: every level.' })
  skillLevel: SkillLevel | null;

  @Field(() => TrainingType, { nullable: true, description: 'Null: every training type.' })
  trainingType: TrainingType | null;

  @Field(() => SeekerGroup, { nullable: true, description: 'The key group a GROUP_SUPPLEMENT is paid to; null for other kinds.' })
  seekerGroup: SeekerGroup | null;

  @Field(() => CompetitionLevel, { nullable: true, description: 'The competition level whose finalists a COMPETITION standard pays for; null for other kinds.' })
  competitionLevel: CompetitionLevel | null;

  @Field(() => DecimalScalar, { description: 'CNY yuan, per `unit`.' })
  amount: string;

  @Field(() => SubsidyUnit)
  unit: SubsidyUnit;

  @Field(() => DateScalar)
  effectiveFrom: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day in force; null: until a newer standard of the same key closes it.' })
  effectiveUntil: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from: document and article.' })
  basis: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}
registerNodeType(SubsidyStandardEntity, 'SubsidyStandard');

@ObjectType({ simpleResolvers: true })
export class SubsidyStandardConnection extends Connection(SubsidyStandard) {}

@ObjectType({ simpleResolvers: true, description: 'One part of a subsidy quote, naming the standard or catalog entry it comes from.' })
export class SubsidyLine {
  @Field(() => SubsidyLineKind)
  kind: SubsidyLineKind;

  @Field({ description: 'What the amount is and where it comes from, in Chinese for people.' })
  label: string;

  @Field(() => DecimalScalar)
  amount: string;

  @Field({ description: 'False for amounts paid on another occasion (a certificate subsidy is paid on certification).' })
  includedInTotal: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "What a trainee pays for a course after subsidy (DOMAIN rule 2): the training subsidy from the standard in force on the course's start date, the shortage-catalog uplift, the trainee's group supplements; line by line.",
})
export class SubsidyQuote {
  @Field(() => DecimalScalar, { description: 'Course fee per trainee.' })
  fee: string;

  @Field(() => DecimalScalar, { description: 'Training subsidy (per-year amounts times the started years of the course).' })
  baseSubsidy: string;

  @Field(() => DecimalScalar, { description: 'Shortage uplift applied, in percent: the entry of the catalog in force, within the cap of its region (checked when the entry was set).' })
  shortageUpliftPercent: string;

  @Field(() => DecimalScalar, { description: 'baseSubsidy × shortageUpliftPercent, rounded half away from zero to the fen.' })
  shortageUplift: string;

  @Field(() => DecimalScalar, { description: 'Sum of the GROUP_SUPPLEMENT lines.' })
  groupSupplements: string;

  @Field(() => DecimalScalar, { description: 'baseSubsidy + shortageUplift + groupSupplements (lines with includedInTotal).' })
  totalSubsidy: string;

  @Field(() => DecimalScalar, { description: 'fee − totalSubsidy, never below zero.' })
  netCost: string;

  @Field(() => [SubsidyLine])
  lines: SubsidyLineShape[];

  @Field({ description: 'Whether any subsidy applies: the provider is admitted on the course dates and a standard pays something.' })
  subsidised: boolean;
}

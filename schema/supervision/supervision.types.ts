import { ArrayMaxSize, IsOptional } from 'class-validator';
import { ArgsType, Field, ObjectType, registerEnumType } from 'type-graphql';
import { SUBSIDY_RISK_TERMS, SubsidyRiskKind } from '../../domain/supervision/subsidy-risk.service';
import { Connection, PageArgs } from '../common/connection';
import { DecimalScalar } from '../common/scalars';
import { IsRegionCode } from '../common/validators';

registerEnumType(SubsidyRiskKind, {
  name: 'SubsidyRiskKind',
  description: 'Patterns of subsidy misuse (套取骗取补贴资金) the seats on record can show.',
  valuesConfig: Object.fromEntries(Object.entries(SUBSIDY_RISK_TERMS).map(([k, term]) => [k, { description: term }])),
});

@ObjectType({
  simpleResolvers: true,
  description: 'Seats that match a pattern of subsidy misuse: a lead for supervision to check, not a verdict.',
})
export class SubsidyRiskSignal {
  @Field(() => SubsidyRiskKind)
  kind: SubsidyRiskKind;

  @Field({ description: 'The pattern in words.' })
  label: string;

  @Field({ description: 'What was found, in words; never a phone or identity number.' })
  explanation: string;

  @Field(() => DecimalScalar, { description: 'Subsidy quoted to the seats of the signal, yuan.' })
  subsidyAtStake: string;
}

@ObjectType()
export class SubsidyRiskSignalConnection extends Connection(SubsidyRiskSignal) {}

@ArgsType()
export class SubsidyRiskSignalsArgs extends PageArgs {
  @Field({ description: 'A region you administer; signals cover the seats of its job seekers and those of every region below it.' })
  @IsRegionCode()
  regionCode: string;

  @Field(() => [SubsidyRiskKind], { nullable: true, description: 'Only these patterns (default: all).' })
  @IsOptional()
  @ArrayMaxSize(10)
  kinds?: SubsidyRiskKind[];
}

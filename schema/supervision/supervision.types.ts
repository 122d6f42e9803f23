import { ArrayMaxSize, ArrayMinSize, IsOptional, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { SubsidyClaim as SubsidyClaimEntity } from '../../domain/claim/subsidy-claim.entity';
import { RiskCheck as RiskCheckEntity, RiskFinding } from '../../domain/supervision/risk-check.entity';
import { SUBSIDY_RISK_TERMS, SubsidyRiskKind } from '../../domain/supervision/subsidy-risk.service';
import { SubsidyClaim } from '../claim/claim.types';
import { Connection, PageArgs } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { IsRegionCode } from '../common/validators';

registerEnumType(SubsidyRiskKind, {
  name: 'SubsidyRiskKind',
  description: 'Patterns of subsidy misuse (套取骗取补贴资金) the seats on record can show.',
  valuesConfig: Object.fromEntries(Object.entries(SUBSIDY_RISK_TERMS).map(([k, term]) => [k, { description: term }])),
});

registerEnumType(RiskFinding, {
  name: 'RiskFinding',
  description: 'What a check of a supervision signal found (核查结论).',
  valuesConfig: {
    CLEARED: { description: '查无问题: the seats are in order; the signal asks nothing more, of supervision or of claim reviewers' },
    CONFIRMED: { description: '查实: subsidy was misused on the seats named; their open claims are rejected, paid ones are to be recovered, and they earn no subsidy again' },
  },
});

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A bureau's check of one supervision signal: its pattern, exactly the seats it rested on, and what was found. Read by the bureau that checked and those above it.",
})
export class RiskCheck extends Node {
  @Field(() => SubsidyRiskKind)
  kind: SubsidyRiskKind;

  @Field(() => RiskFinding)
  finding: RiskFinding;

  @Field({ description: 'What the check found.' })
  note: string;

  @Field({ description: 'The region of the bureau that checked.' })
  regionCode: string;

  @Field({ description: 'The staff account that recorded the check.' })
  checkedBy: string;

  @Field(() => DateTimeScalar)
  checkedAt: Date;
}
registerNodeType(RiskCheckEntity, 'RiskCheck');

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

  @Field(() => Boolean, { nullable: true, description: 'false: only the signals nobody has checked yet (the work list); true: only checked ones; default: both.' })
  @IsOptional()
  checked?: boolean;
}

/** The seats of one signal: as many as a pattern can gather in one region, within reason. */
const MAX_SIGNAL_SEATS = 500;

@InputType()
export class RecordRiskCheckInput {
  @Field(() => SubsidyRiskKind)
  kind: SubsidyRiskKind;

  @Field(() => [ID], { description: `The signal's seats, exactly as \`subsidyRiskSignals\` lists them (any order), 1 to ${MAX_SIGNAL_SEATS}.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIGNAL_SEATS)
  enrollmentIds: string[];

  @Field(() => RiskFinding)
  finding: RiskFinding;

  @Field(() => [ID], { nullable: true, description: "CONFIRMED only: the seats found misused, among the signal's (default: all of them). A repeated subsidy's first seat, say, may well be in order." })
  @IsOptional()
  @ArrayMaxSize(MAX_SIGNAL_SEATS)
  misusedEnrollmentIds?: string[] | null;

  @Field({ description: 'What the check found, 1 to 1,000 characters; read by the bureau only.' })
  @Length(1, 1000)
  note: string;
}

@ObjectType()
export class RecordRiskCheckPayload extends Payload {
  @Field(() => RiskCheck, { nullable: true })
  riskCheck: RiskCheckEntity | null;

  @Field(() => [SubsidyClaim], { nullable: true, description: 'Claims on the misused seats that were waiting for review or payment, now REJECTED with the finding as their reason.' })
  stoppedClaims: SubsidyClaimEntity[] | null;

  @Field(() => [SubsidyClaim], { nullable: true, description: 'PAID claims on the misused seats, whose money is now to be recovered (recoveryStatus DUE).' })
  recoveriesDue: SubsidyClaimEntity[] | null;
}

@InputType()
export class RecordSubsidyRecoveryInput {
  @Field(() => [ID], { description: 'Claims of your region with a recovery DUE, 1 to 200.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  claimIds: string[];

  @Field(() => DateScalar, { description: 'The day the money came back, not in the future and not before the payment.' })
  recoveredOn: string;

  @Field({ description: 'The transfer that returned the money, 1 to 64 characters.' })
  @Length(1, 64)
  reference: string;
}

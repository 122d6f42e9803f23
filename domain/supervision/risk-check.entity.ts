import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubsidyRiskKind } from './subsidy-risk.service';

/** What a bureau's check of a supervision signal found (核查结论). */
export enum RiskFinding {
  /** The seats are in order: the signal stops asking for attention, and approvals stop asking to set it aside. */
  CLEARED = 'CLEARED',
  /** Subsidy was misused on the seats named: their claims are stopped, paid money is to be recovered, the seats claim nothing more. */
  CONFIRMED = 'CONFIRMED',
}

/**
 * A bureau's check of one supervision signal, identified by its pattern and the exact seats it rests
 * on: a seat joining the pattern later makes a new signal, which asks to be checked again.
 */
@Entity()
@Index('risk_check_signal', ['kind', 'enrollmentIds'], { unique: true })
@Check('risk_check_misuse', `(finding = 'CONFIRMED') = (cardinality(misused_enrollment_ids) > 0) AND misused_enrollment_ids <@ enrollment_ids`)
export class RiskCheck {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'enum', enum: SubsidyRiskKind, enumName: 'subsidy_risk_kind' })
  kind: SubsidyRiskKind;

  /** The signal's seats, ascending. */
  @Column({ type: 'bigint', array: true })
  enrollmentIds: string[];

  @Column({ type: 'enum', enum: RiskFinding, enumName: 'risk_finding' })
  finding: RiskFinding;

  /** On a CONFIRMED finding, the seats found misused (a repeated subsidy's first seat may well be in order). */
  @Column({ type: 'bigint', array: true, default: () => "'{}'" })
  misusedEnrollmentIds: string[];

  /** What the check found, for the bureau; it may be about people, so only the bureau reads it. */
  @Column({ type: 'text' })
  note: string;

  /** The region of the bureau that checked. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'varchar', length: 200 })
  checkedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  checkedAt: Date;
}

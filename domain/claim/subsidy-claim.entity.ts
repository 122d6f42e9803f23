import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CompetitionFinalist } from '../competition/competition.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { RiskCheck } from '../supervision/risk-check.entity';
import { RecoveryStatus, SubsidyClaimStatus, type ClaimLine } from './claim-rules';

/**
 * A claim for the subsidy a completed seat earned (补贴申领) — the lines of the quote promised at
 * enrolment that fell due — or that a competition finalist earned their enterprise or college; who
 * receives each line, and the bureau's review and payment (资金拨付).
 */
@Entity()
@Check('subsidy_claim_subject', '(enrollment_id IS NULL) <> (finalist_id IS NULL) AND (enrollment_id IS NULL) = (course_id IS NULL)')
@Check('subsidy_claim_amounts', 'amount = to_enterprise + to_provider + to_trainee AND to_enterprise >= 0 AND to_provider >= 0 AND to_trainee >= 0 AND amount > 0')
@Check('subsidy_claim_enterprise', 'to_enterprise = 0 OR enterprise_id IS NOT NULL')
@Check('subsidy_claim_review', `(status = 'SUBMITTED') = (reviewed_at IS NULL) AND (status <> 'REJECTED' OR review_note IS NOT NULL)`)
@Check('subsidy_claim_payment', `(status = 'PAID') = (paid_on IS NOT NULL) AND (paid_on IS NULL) = (payment_reference IS NULL)`)
@Check(
  'subsidy_claim_recovery',
  `(recovery_status IS NULL OR status = 'PAID') AND (recovery_status IS NULL) = (recovery_check_id IS NULL) AND (recovery_status IS NOT DISTINCT FROM 'RECOVERED') = (recovered_on IS NOT NULL) AND (recovered_on IS NULL) = (recovery_reference IS NULL)`,
)
export class SubsidyClaim {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => Enrollment, { nullable: true })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Enrollment | null;

  /** The seat claimed for; null for a competition finalist. */
  @Index()
  @Column({ type: 'bigint', nullable: true })
  enrollmentId: string | null;

  @ManyToOne(() => CompetitionFinalist, { nullable: true })
  @JoinColumn({ name: 'finalist_id' })
  finalist: CompetitionFinalist | null;

  /** The competition finalist claimed for; null for a seat. */
  @Index()
  @Column({ type: 'bigint', nullable: true })
  finalistId: string | null;

  /** The trainee or finalist, the course, the provider (the seat's, or the college that sent the finalist) and the paying region, copied so lists filter without joins. */
  @Index()
  @Column({ type: 'bigint' })
  seekerId: string;

  @Index()
  @Column({ type: 'bigint', nullable: true })
  courseId: string | null;

  @Index()
  @Column({ type: 'bigint', nullable: true })
  providerId: string | null;

  /** The course's region, or the city of the finalist's enterprise or college: its bureau reviews and pays. */
  @Index()
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  /** The enterprise paid: the new apprentice's, for the training lines of an apprenticeship seat, or the finalist's. */
  @Column({ type: 'bigint', nullable: true })
  enterpriseId: string | null;

  @Column({ type: 'jsonb' })
  lines: ClaimLine[];

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  @Column({ type: 'numeric', precision: 12, scale: 2, default: 0 })
  toEnterprise: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  toProvider: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  toTrainee: string;

  @Column({ type: 'enum', enum: SubsidyClaimStatus, enumName: 'subsidy_claim_status', default: SubsidyClaimStatus.SUBMITTED })
  status: SubsidyClaimStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** Why a claim was rejected, or why an approval stands despite risk signals. */
  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  /** The supervision signals on the seat that the approving reviewer saw and set aside. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  risksAcknowledged: string[];

  @Column({ type: 'date', nullable: true })
  paidOn: string | null;

  /** The payment batch or transfer number of the finance system. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  paymentReference: string | null;

  /** Set on a PAID claim when supervision confirmed the seat's subsidy was misused (追回): DUE, then RECOVERED. */
  @Column({ type: 'enum', enum: RecoveryStatus, enumName: 'subsidy_recovery_status', nullable: true })
  recoveryStatus: RecoveryStatus | null;

  @ManyToOne(() => RiskCheck, { nullable: true })
  @JoinColumn({ name: 'recovery_check_id' })
  recoveryCheck: RiskCheck | null;

  /** The supervision check that confirmed the misuse. */
  @Column({ type: 'bigint', nullable: true })
  recoveryCheckId: string | null;

  @Column({ type: 'date', nullable: true })
  recoveredOn: string | null;

  /** The finance system's reference for the money returned. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  recoveryReference: string | null;
}

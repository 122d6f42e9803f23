import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Enrollment } from '../enrollment/enrollment.entity';
import { SubsidyClaimStatus, type ClaimLine } from './claim-rules';

/**
 * A claim for the subsidy a completed seat earned (补贴申领): the lines of the quote promised at
 * enrolment that fell due, who receives each, and the bureau's review and payment (资金拨付).
 */
@Entity()
@Check('subsidy_claim_amounts', 'amount = to_enterprise + to_provider + to_trainee AND to_enterprise >= 0 AND to_provider >= 0 AND to_trainee >= 0 AND amount > 0')
@Check('subsidy_claim_enterprise', 'to_enterprise = 0 OR enterprise_id IS NOT NULL')
@Check('subsidy_claim_review', `(status = 'SUBMITTED') = (reviewed_at IS NULL) AND (status <> 'REJECTED' OR review_note IS NOT NULL)`)
@Check('subsidy_claim_payment', `(status = 'PAID') = (paid_on IS NOT NULL) AND (paid_on IS NULL) = (payment_reference IS NULL)`)
export class SubsidyClaim {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => Enrollment, { nullable: false })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Enrollment;

  @Index()
  @Column({ type: 'bigint' })
  enrollmentId: string;

  /** The seat's trainee, course, provider and the course's region, copied so lists filter without joins. */
  @Index()
  @Column({ type: 'bigint' })
  seekerId: string;

  @Index()
  @Column({ type: 'bigint' })
  courseId: string;

  @Index()
  @Column({ type: 'bigint' })
  providerId: string;

  /** The course's region: its bureau reviews and pays. */
  @Index()
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  /** The enterprise whose new apprentice the trainee is, paid the training lines of an apprenticeship seat. */
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
}

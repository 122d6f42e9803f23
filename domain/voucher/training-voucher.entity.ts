import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Enrollment } from '../enrollment/enrollment.entity';
import { Occupation } from '../occupation/occupation.entity';
import { JobSeeker } from '../seeker/job-seeker.entity';

/**
 * An electronic training voucher (电子培训券, 001 §(二十八), 004 §(十九)): a bureau's promise to a job
 * seeker of subsidised training, for one occupation or any, usable from one day to another to take a
 * seat on a subsidised course of the voucher's city or online. The seat it holds is `enrollmentId`;
 * a seat given back frees the voucher again. Its status is worked out (`voucherStatus`).
 */
@Entity()
@Check('training_voucher_dates', 'valid_until >= valid_from')
@Check('training_voucher_revoked', '(revoked_at IS NULL) = (revocation_reason IS NULL) AND (revoked_at IS NULL OR enrollment_id IS NULL)')
export class TrainingVoucher {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => JobSeeker, { nullable: false })
  @JoinColumn({ name: 'seeker_id' })
  seeker: JobSeeker;

  @Index()
  @Column({ type: 'bigint' })
  seekerId: string;

  /** The prefecture-level city whose bureau issued it: its courses (and online ones) take it. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => Occupation, { nullable: true })
  @JoinColumn({ name: 'occupation_code' })
  occupation: Occupation | null;

  /** Null: a course of any occupation. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  occupationCode: string | null;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date' })
  validUntil: string;

  @ManyToOne(() => Enrollment, { nullable: true })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Enrollment | null;

  /** The seat the voucher holds now; null while it is free. */
  @Index('training_voucher_enrollment', { unique: true, where: 'enrollment_id IS NOT NULL' })
  @Column({ type: 'bigint', nullable: true })
  enrollmentId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revocationReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  issuedAt: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { Course } from '../supply/course.entity';
import type { SubsidyQuote } from '../supply/subsidy-quote';
import { EnrollmentStatus } from './enrollment-enums';

/**
 * A job seeker's seat on a course, with the subsidy quoted when the seat was taken: later standards
 * and catalogs change what new trainees are quoted, never what this one was promised.
 */
@Entity()
// A backstop to the per-seeker lock of EnrollmentService: one live seat per seeker and course.
@Index('enrollment_one_live_seat', ['seekerId', 'courseId'], { unique: true, where: `status = 'ENROLLED'` })
@Check('enrollment_withdrawal', `(status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL)`)
export class Enrollment {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => Course, { nullable: false })
  @JoinColumn({ name: 'course_id' })
  course: Course;

  @Index()
  @Column({ type: 'bigint' })
  courseId: string;

  @ManyToOne(() => JobSeeker, { nullable: false })
  @JoinColumn({ name: 'seeker_id' })
  seeker: JobSeeker;

  @Index()
  @Column({ type: 'bigint' })
  seekerId: string;

  @Column({ type: 'enum', enum: EnrollmentStatus, enumName: 'enrollment_status', default: EnrollmentStatus.ENROLLED })
  status: EnrollmentStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  enrolledAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawalReason: string | null;

  /** The quote's totals in CNY yuan, as columns so sums over enrolments stay in SQL. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  fee: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  totalSubsidy: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  netCost: string;

  /** The whole quote, lines included, exactly as `quoteSubsidy` gave it at enrolment. */
  @Column({ type: 'jsonb' })
  quote: SubsidyQuote;
}

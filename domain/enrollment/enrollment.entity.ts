import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApprenticeVia } from '../apprenticeship/apprentice-rules';
import { Enterprise } from '../enterprise/enterprise.entity';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { Course } from '../supply/course.entity';
import { SkillLevel } from '../skills/skill-level';
import { SeekerGroup } from '../supply/supply-enums';
import type { SubsidyQuote } from '../supply/subsidy-quote';
import { EnrollmentStatus, TrainingCompletion } from './enrollment-enums';

/**
 * A job seeker's seat on a course, with the subsidy quoted when the seat was taken: later standards
 * and catalogs change what new trainees are quoted, never what this one was promised.
 */
@Entity()
// A backstop to the per-seeker lock of EnrollmentService: one live seat per seeker and course.
@Index('enrollment_one_live_seat', ['seekerId', 'courseId'], { unique: true, where: `status = 'ENROLLED'` })
@Check('enrollment_withdrawal', `(status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL)`)
// An outcome is reported whole (how it ended and on which day), only for a seat still held.
@Check('enrollment_outcome', `(completion IS NULL) = (finished_on IS NULL) AND (completion IS NULL) = (outcome_reported_at IS NULL) AND (completion IS NULL OR status = 'ENROLLED')`)
@Check('enrollment_certificate', `(certificate_level IS NULL) = (certificate_number IS NULL) AND (certificate_level IS NULL OR completion = 'COMPLETED')`)
@Check('enrollment_apprentice', '(apprentice_employer_id IS NULL) = (apprentice_via IS NULL)')
@Check('enrollment_employment', `(employed_on IS NULL OR completion = 'COMPLETED') AND (employer_credit_code IS NULL OR employed_on IS NOT NULL)`)
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

  /**
   * The trainee's key groups on the day the seat was taken, derived ones included: what the quote's
   * supplements were for, and what indicators count by, whatever the person's groups become later.
   */
  @Column({ type: 'enum', enum: SeekerGroup, enumName: 'seeker_group', array: true, default: () => "'{}'" })
  traineeGroups: SeekerGroup[];

  /** The whole quote, lines included, exactly as `quoteSubsidy` gave it at enrolment. */
  @Column({ type: 'jsonb' })
  quote: SubsidyQuote;

  /** Training outcome (结业、取证、就业), null until the provider reports how the seat ended. */
  @Column({ type: 'enum', enum: TrainingCompletion, enumName: 'training_completion', nullable: true })
  completion: TrainingCompletion | null;

  /** The day the trainee completed the course or left it. */
  @Column({ type: 'date', nullable: true })
  finishedOn: string | null;

  @Column({ type: 'enum', enum: SkillLevel, enumName: 'skill_level', nullable: true })
  certificateLevel: SkillLevel | null;

  @Column({ type: 'text', nullable: true })
  certificateNumber: string | null;

  @Column({ type: 'date', nullable: true })
  employedOn: string | null;

  @Column({ type: 'char', length: 18, nullable: true })
  employerCreditCode: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  outcomeReportedAt: Date | null;

  /** On a new apprenticeship course: the enterprise whose apprentice the trainee is, paid its training subsidy. */
  @ManyToOne(() => Enterprise, { nullable: true })
  @JoinColumn({ name: 'apprentice_employer_id' })
  apprenticeEmployer: Enterprise | null;

  @Column({ type: 'bigint', nullable: true })
  apprenticeEmployerId: string | null;

  /** How the trainee is that enterprise's apprentice: a labour contract, or an internship while graduating. */
  @Column({ type: 'enum', enum: ApprenticeVia, enumName: 'apprentice_via', nullable: true })
  apprenticeVia: ApprenticeVia | null;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Enterprise } from '../enterprise/enterprise.entity';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { WorkAgreementKind } from './apprentice-rules';

/**
 * An internship agreement or labour contract between a job seeker and an enterprise, as filed with
 * the bureau (备案): what makes the person a new apprentice of that enterprise (企业新型学徒).
 */
@Entity()
@Check('work_agreement_dates', 'ends_on IS NULL OR ends_on >= starts_on')
@Check('work_agreement_internship_ends', `kind <> 'INTERNSHIP' OR ends_on IS NOT NULL`)
export class WorkAgreement {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => JobSeeker, { nullable: false })
  @JoinColumn({ name: 'seeker_id' })
  seeker: JobSeeker;

  @Index()
  @Column({ type: 'bigint' })
  seekerId: string;

  @ManyToOne(() => Enterprise, { nullable: false })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise: Enterprise;

  @Index()
  @Column({ type: 'bigint' })
  enterpriseId: string;

  @Column({ type: 'enum', enum: WorkAgreementKind, enumName: 'work_agreement_kind' })
  kind: WorkAgreementKind;

  @Column({ type: 'date' })
  startsOn: string;

  /** Null: an open-ended labour contract (无固定期限). */
  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Enterprise } from '../enterprise/enterprise.entity';
import { SkillLevel } from '../skills/skill-level';
import { DemandSurvey } from './demand-survey.entity';

export enum PostDemandStatus {
  OPEN = 'OPEN',
  FILLED = 'FILLED',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}

/** One line of an enterprise's post demand: how many people, for which occupation and level, at what wage. */
@Entity()
@Index(['source', 'externalId'], { unique: true, where: 'source IS NOT NULL' })
@Index(['regionCode', 'status'])
// Open demand by occupation and place, read whole from the index (demand gap, match signals): headcount and valid-until ride along.
@Index('post_demand_open_by_occupation', ['occupationCode', 'regionCode', 'validUntil', 'headcount'], { where: `status = 'OPEN'` })
// The expiry job's scan: open lines by the day they lapse.
@Index('post_demand_open_valid_until', ['validUntil'], { where: `status = 'OPEN'` })
@Check('post_demand_headcount', 'headcount BETWEEN 1 AND 100000')
@Check('post_demand_wages', 'wage_min >= 0 AND wage_max >= wage_min')
export class PostDemand {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => Enterprise, { nullable: false })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise: Enterprise;

  @Index()
  @Column({ type: 'bigint' })
  enterpriseId: string;

  @ManyToOne(() => DemandSurvey, { nullable: true })
  @JoinColumn({ name: 'survey_id' })
  survey: DemandSurvey | null;

  @Index()
  @Column({ type: 'bigint', nullable: true })
  surveyId: string | null;

  @Column({ type: 'varchar', length: 10 })
  occupationCode: string;

  @Column({ type: 'text' })
  jobTitle: string;

  @Column({ type: 'int' })
  headcount: number;

  @Column({ type: 'enum', enum: SkillLevel, enumName: 'skill_level' })
  skillLevel: SkillLevel;

  /** Monthly wage range in CNY yuan, exact. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  wageMin: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  wageMax: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'text', nullable: true })
  tasks: string | null;

  @Column({ type: 'date' })
  validUntil: string;

  @Column({ type: 'enum', enum: PostDemandStatus, enumName: 'post_demand_status', default: PostDemandStatus.OPEN })
  status: PostDemandStatus;

  /** For lines synced by an agency: its source name, its id for the line and its own update time. */
  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sourceUpdatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

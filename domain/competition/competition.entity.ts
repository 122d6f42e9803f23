import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Enterprise } from '../enterprise/enterprise.entity';
import { Occupation } from '../occupation/occupation.entity';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { Provider } from '../supply/provider.entity';
import { CompetitionLevel } from '../supply/supply-enums';

/** A vocational skill competition (职业技能竞赛, 004 §(十四)) whose finalists earn their enterprise or college a subsidy. */
@Entity()
export class Competition {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: CompetitionLevel, enumName: 'competition_level' })
  level: CompetitionLevel;

  /** The region that holds it (a national or world competition: the region that records it). */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => Occupation, { nullable: true })
  @JoinColumn({ name: 'occupation_code' })
  occupation: Occupation | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  occupationCode: string | null;

  /** The day of the final: the subsidy standard in force that day applies. */
  @Column({ type: 'date' })
  finalOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A finalist (进入决赛的选手) and the enterprise or college (院校) that sent them, which the subsidy goes to. */
@Entity()
@Index('competition_finalist_once', ['competitionId', 'seekerId'], { unique: true })
@Check('competition_finalist_sender', '(enterprise_id IS NULL) <> (provider_id IS NULL)')
export class CompetitionFinalist {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => Competition, { nullable: false })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition;

  @Column({ type: 'bigint' })
  competitionId: string;

  @ManyToOne(() => JobSeeker, { nullable: false })
  @JoinColumn({ name: 'seeker_id' })
  seeker: JobSeeker;

  @Index()
  @Column({ type: 'bigint' })
  seekerId: string;

  @ManyToOne(() => Enterprise, { nullable: true })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise: Enterprise | null;

  @Column({ type: 'bigint', nullable: true })
  enterpriseId: string | null;

  @ManyToOne(() => Provider, { nullable: true })
  @JoinColumn({ name: 'provider_id' })
  provider: Provider | null;

  /** A college (院校): a vocational college, technical school or higher-education institution. */
  @Column({ type: 'bigint', nullable: true })
  providerId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

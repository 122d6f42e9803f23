import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A post-demand survey round (岗位用工需求调查) of a region for a period such as `2026Q3`. */
@Entity()
@Index(['regionCode', 'period'], { unique: true })
@Check('demand_survey_dates', 'closes_on >= opens_on')
export class DemandSurvey {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date' })
  opensOn: string;

  @Column({ type: 'date' })
  closesOn: string;

  /** Set when staff close the round early; a round is also closed after `closesOn`. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

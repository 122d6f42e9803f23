import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TrainingIndicator } from './training-indicator';

/** A region's target for one indicator over a period (Liaoning 2021–2025: 1.5 million subsidised trainings, …). */
@Entity()
@Index('indicator_target_period', ['regionCode', 'indicator', 'periodFrom', 'periodUntil'], { unique: true })
@Check('indicator_target_positive', 'target >= 1')
@Check('indicator_target_period_order', 'period_until >= period_from')
export class IndicatorTarget {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'enum', enum: TrainingIndicator, enumName: 'training_indicator' })
  indicator: TrainingIndicator;

  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodUntil: string;

  @Column({ type: 'integer' })
  target: number;

  /** The document the target comes from. */
  @Column({ type: 'text', nullable: true })
  basis: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Provider } from '../supply/provider.entity';

/**
 * Running totals of a provider's reported outcomes: trainees who completed its courses and those of
 * them reported employed. Kept by the outcome reports in their own transactions, so a match reads
 * one row per provider instead of counting every enrolment of every course it ever ran.
 */
@Entity()
@Check('provider_placement_counts', 'employed >= 0 AND employed <= completed')
export class ProviderPlacement {
  @PrimaryColumn({ type: 'bigint' })
  providerId: string;

  @OneToOne(() => Provider, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider: Provider;

  @Column({ type: 'int', default: 0 })
  completed: number;

  @Column({ type: 'int', default: 0 })
  employed: number;
}

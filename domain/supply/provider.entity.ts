import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ProviderType } from './supply-enums';

/** A training provider, identified like an enterprise by its unified social credit code. */
@Entity()
export class Provider {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index({ unique: true })
  @Column({ type: 'char', length: 18 })
  creditCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: ProviderType, enumName: 'provider_type' })
  type: ProviderType;

  @Index()
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @OneToMany(() => ProviderAdmission, (a) => a.provider)
  admissions: ProviderAdmission[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/**
 * One period on the list of providers admitted to subsidised training. A suspension cuts every
 * admission still running at `suspendedOn`: from that day the provider is not admitted.
 */
@Entity()
@Check('provider_admission_period', 'admitted_until >= admitted_from')
export class ProviderAdmission {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => Provider, (p) => p.admissions, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider: Provider;

  @Index()
  @Column({ type: 'bigint' })
  providerId: string;

  @Column({ type: 'date' })
  admittedFrom: string;

  @Column({ type: 'date' })
  admittedUntil: string;

  @Column({ type: 'date', nullable: true })
  suspendedOn: string | null;

  @Column({ type: 'text', nullable: true })
  suspensionReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

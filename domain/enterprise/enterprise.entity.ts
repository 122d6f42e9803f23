import { Check, Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum EnterpriseTag {
  CHAIN_LEADER = 'CHAIN_LEADER',
  INDUSTRY_LEADER = 'INDUSTRY_LEADER',
  SPECIALIZED_SME = 'SPECIALIZED_SME',
  STATE_OWNED = 'STATE_OWNED',
}

export enum ClusterCategory {
  MANUFACTURING = 'MANUFACTURING',
  SERVICES = 'SERVICES',
  STRATEGIC_EMERGING = 'STRATEGIC_EMERGING',
  URBAN_AGRICULTURE = 'URBAN_AGRICULTURE',
}

/** An industrial cluster of a region, e.g. one of Dalian's "5+4+3+1" (004 §(二)). */
@Entity()
@Index(['regionCode', 'name'], { unique: true })
export class IndustrialCluster {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: ClusterCategory, enumName: 'cluster_category' })
  category: ClusterCategory;
}

/** An employer, identified by its unified social credit code. */
@Entity()
@Check('enterprise_credit_code_format', `credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'`)
export class Enterprise {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index({ unique: true })
  @Column({ type: 'char', length: 18 })
  creditCode: string;

  @Column({ type: 'text' })
  name: string;

  @Index()
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  /** GB/T 4754 industry code, e.g. `C34`. */
  @Column({ type: 'text', nullable: true })
  industryCode: string | null;

  @Column({ type: 'enum', enum: EnterpriseTag, enumName: 'enterprise_tag', array: true, default: () => "'{}'" })
  tags: EnterpriseTag[];

  @ManyToMany(() => IndustrialCluster)
  @JoinTable({ name: 'enterprise_cluster', joinColumn: { name: 'enterprise_id' }, inverseJoinColumn: { name: 'cluster_id' } })
  clusters: IndustrialCluster[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

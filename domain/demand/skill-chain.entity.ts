import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Enterprise, IndustrialCluster } from '../enterprise/enterprise.entity';

/** The kinds of member a skill-ecosystem chain has (000 §(一), 002 §一). */
export enum SkillChainMemberKind {
  ENTERPRISE = 'ENTERPRISE',
  HIGHER_EDUCATION = 'HIGHER_EDUCATION',
  VOCATIONAL_SCHOOL = 'VOCATIONAL_SCHOOL',
  TRAINING_INSTITUTION = 'TRAINING_INSTITUTION',
  EVALUATION_BODY = 'EVALUATION_BODY',
  HR_SERVICE_BODY = 'HR_SERVICE_BODY',
}

/** A skill-ecosystem chain (技能生态链) led by a chain-leader enterprise (链主). */
@Entity()
export class SkillChain {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Index()
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => Enterprise, { nullable: false })
  @JoinColumn({ name: 'leader_enterprise_id' })
  leader: Enterprise;

  @Column({ type: 'bigint' })
  leaderEnterpriseId: string;

  @ManyToOne(() => IndustrialCluster, { nullable: true })
  @JoinColumn({ name: 'cluster_id' })
  cluster: IndustrialCluster | null;

  @Column({ type: 'bigint', nullable: true })
  clusterId: string | null;

  @OneToMany(() => SkillChainMember, (m) => m.chain)
  members: SkillChainMember[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A member of a chain: an enterprise on the platform, or a college, school or body named by its credit code. */
@Entity()
@Index(['chainId', 'creditCode'], { unique: true })
export class SkillChainMember {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => SkillChain, (c) => c.members, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chain_id' })
  chain: SkillChain;

  @Column({ type: 'bigint' })
  chainId: string;

  @Column({ type: 'enum', enum: SkillChainMemberKind, enumName: 'skill_chain_member_kind' })
  kind: SkillChainMemberKind;

  @Column({ type: 'char', length: 18 })
  creditCode: string;

  @Column({ type: 'text' })
  name: string;

  /** Set when the member is an enterprise registered on the platform. */
  @ManyToOne(() => Enterprise, { nullable: true })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise: Enterprise | null;

  @Column({ type: 'bigint', nullable: true })
  enterpriseId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { PostDemand } from '../demand/post-demand.entity';
import { SkillLevel } from '../skills/skill-level';
import { Provider } from './provider.entity';
import { CourseMode, CourseStatus, SeekerGroup, TrainingType } from './supply-enums';

/** A subsidised-training course (class) offered by a provider. */
@Entity()
@Index(['regionCode', 'status'])
@Index(['occupationCode', 'status'])
@Check('course_dates', 'ends_on >= starts_on')
@Check('course_capacity', 'capacity >= 1 AND enrolled BETWEEN 0 AND capacity')
@Check('course_fee', 'fee >= 0')
@Check('course_hours', 'hours > 0')
export class Course {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => Provider, { nullable: false })
  @JoinColumn({ name: 'provider_id' })
  provider: Provider;

  @Index()
  @Column({ type: 'bigint' })
  providerId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'varchar', length: 10 })
  occupationCode: string;

  /** The level the course trains for (and whose certificate it leads to). */
  @Column({ type: 'enum', enum: SkillLevel, enumName: 'skill_level' })
  skillLevel: SkillLevel;

  @Column({ type: 'enum', enum: TrainingType, enumName: 'training_type' })
  trainingType: TrainingType;

  @Column({ type: 'enum', enum: CourseMode, enumName: 'course_mode' })
  mode: CourseMode;

  @Column({ type: 'int' })
  hours: number;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'int' })
  capacity: number;

  /** Seats taken; kept beside capacity so a seat is taken with one conditional UPDATE. */
  @Column({ type: 'int', default: 0 })
  enrolled: number;

  /** Fee per trainee in CNY yuan, exact. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  fee: string;

  /** Empty: open to everyone. */
  @Column({ type: 'enum', enum: SeekerGroup, enumName: 'seeker_group', array: true, default: () => "'{}'" })
  eligibleGroups: SeekerGroup[];

  /** The certificate a trainee obtains, e.g. 职业技能等级证书（四级/中级工）. */
  @Column({ type: 'text', nullable: true })
  certificate: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'enum', enum: CourseStatus, enumName: 'course_status', default: CourseStatus.DRAFT })
  status: CourseStatus;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** Order-based training (订单式): the enterprise post demand this course trains people for. */
  @ManyToMany(() => PostDemand)
  @JoinTable({ name: 'course_post_demand', joinColumn: { name: 'course_id' }, inverseJoinColumn: { name: 'post_demand_id' } })
  linkedPostDemands: PostDemand[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

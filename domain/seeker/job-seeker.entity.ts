import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { SkillLevel } from '../skills/skill-level';
import { SeekerGroup } from '../supply/supply-enums';
import { EducationLevel, EmploymentStatus } from './seeker-enums';

/**
 * A job seeker registered by a counsellor, with consent. Name, identity number and phone are held
 * only sealed (see pii.ts); the keyed hashes let the database enforce one seeker per identity number
 * and find a seeker by an exact number without ever holding the number itself.
 */
@Entity()
@Check('job_seeker_unemployed_group', `employment_status = 'UNEMPLOYED' OR NOT 'UNEMPLOYED' = ANY(groups)`)
export class JobSeeker {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bytea' })
  nameSealed: Buffer;

  @Index()
  @Column({ type: 'bytea' })
  nameHash: Buffer;

  @Column({ type: 'bytea' })
  idNumberSealed: Buffer;

  @Index({ unique: true })
  @Column({ type: 'bytea' })
  idNumberHash: Buffer;

  @Column({ type: 'bytea' })
  phoneSealed: Buffer;

  @Index()
  @Column({ type: 'bytea' })
  phoneHash: Buffer;

  @Column({ type: 'date' })
  birthDate: string;

  /** Where the seeker lives and is served now; decides which counsellors see them. */
  @Index()
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  /** Household registration (户籍) region, when it differs. */
  @Column({ type: 'char', length: 6, nullable: true })
  homeRegionCode: string | null;

  @Column({ type: 'enum', enum: EducationLevel, enumName: 'education_level' })
  educationLevel: EducationLevel;

  @Column({ type: 'text', nullable: true })
  major: string | null;

  @Column({ type: 'text', nullable: true })
  school: string | null;

  @Column({ type: 'date', nullable: true })
  graduationDate: string | null;

  @Column({ type: 'enum', enum: EmploymentStatus, enumName: 'employment_status' })
  employmentStatus: EmploymentStatus;

  @Column({ type: 'enum', enum: SkillLevel, enumName: 'skill_level', nullable: true })
  currentSkillLevel: SkillLevel | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  certificates: string[];

  @Column({ type: 'varchar', length: 10, array: true, default: () => "'{}'" })
  targetOccupationCodes: string[];

  /** Typed groups only; COLLEGE_GRADUATE is derived from the dates on read and never stored. */
  @Column({ type: 'enum', enum: SeekerGroup, enumName: 'seeker_group', array: true, default: () => "'{}'" })
  groups: SeekerGroup[];

  /** When the seeker consented to the use of their data; registration needs it. */
  @Column({ type: 'timestamptz' })
  consentAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

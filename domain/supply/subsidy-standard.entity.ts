import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SkillLevel } from '../skills/skill-level';
import { CompetitionLevel, SeekerGroup, SubsidyKind, SubsidyUnit, TrainingType } from './supply-enums';

/**
 * A subsidy amount held as data: per region, and optionally per occupation, level and training
 * type (null = all), in force from `effectiveFrom` to `effectiveUntil` (null = open-ended).
 * A city without its own standard inherits its province's.
 */
@Entity()
@Index(['regionCode', 'kind'])
@Check('subsidy_standard_amount', 'amount >= 0')
@Check('subsidy_standard_period', 'effective_until IS NULL OR effective_until >= effective_from')
@Check('subsidy_standard_group', `(kind = 'GROUP_SUPPLEMENT') = (seeker_group IS NOT NULL)`)
// `kind::text`: the value is new to the enum, and its migration cannot cast a literal to it in the same transaction.
@Check('subsidy_standard_competition', `(kind::text = 'COMPETITION') = (competition_level IS NOT NULL)`)
export class SubsidyStandard {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'enum', enum: SubsidyKind, enumName: 'subsidy_kind', default: SubsidyKind.TRAINING })
  kind: SubsidyKind;

  @Column({ type: 'varchar', length: 10, nullable: true })
  occupationCode: string | null;

  @Column({ type: 'enum', enum: SkillLevel, enumName: 'skill_level', nullable: true })
  skillLevel: SkillLevel | null;

  @Column({ type: 'enum', enum: TrainingType, enumName: 'training_type', nullable: true })
  trainingType: TrainingType | null;

  /** For GROUP_SUPPLEMENT: the key group it is paid to. */
  @Column({ type: 'enum', enum: SeekerGroup, enumName: 'seeker_group', nullable: true })
  seekerGroup: SeekerGroup | null;

  /** For COMPETITION: the level of competition whose finalists it is paid for. */
  @Column({ type: 'enum', enum: CompetitionLevel, enumName: 'competition_level', nullable: true })
  competitionLevel: CompetitionLevel | null;

  /** CNY yuan, exact. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  @Column({ type: 'enum', enum: SubsidyUnit, enumName: 'subsidy_unit', default: SubsidyUnit.PER_PERSON })
  unit: SubsidyUnit;

  @Column({ type: 'date' })
  effectiveFrom: string;

  @Column({ type: 'date', nullable: true })
  effectiveUntil: string | null;

  /** Where the figure comes from (document and article), shown in quote lines. */
  @Column({ type: 'text', nullable: true })
  basis: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

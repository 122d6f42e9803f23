import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ShortageCatalogStatus, ShortageLevel } from './supply-enums';

/**
 * A region's shortage-occupation catalog (急需紧缺职业目录), one version per row. The catalog in
 * force on a day is the published (or since superseded) one with the latest `effectiveFrom` up to it.
 */
@Entity()
@Index(['regionCode', 'status', 'effectiveFrom'])
export class ShortageCatalog {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  /** e.g. `2026` or `2026H2`. */
  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'enum', enum: ShortageCatalogStatus, enumName: 'shortage_catalog_status', default: ShortageCatalogStatus.DRAFT })
  status: ShortageCatalogStatus;

  /** The demand/supply ratio the draft was built with. */
  @Column({ type: 'numeric', precision: 8, scale: 2 })
  minRatio: string;

  @Column({ type: 'date', nullable: true })
  effectiveFrom: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  supersededById: string | null;

  @OneToMany(() => ShortageCatalogEntry, (e) => e.catalog)
  entries: ShortageCatalogEntry[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** One occupation on a catalog, with the evidence it was drafted from (null when added by hand). */
@Entity()
@Index(['catalogId', 'occupationCode'], { unique: true })
@Check('shortage_entry_uplift', 'subsidy_uplift_percent >= 0')
export class ShortageCatalogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => ShortageCatalog, (c) => c.entries, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'catalog_id' })
  catalog: ShortageCatalog;

  @Column({ type: 'bigint' })
  catalogId: string;

  @Column({ type: 'varchar', length: 10 })
  occupationCode: string;

  @Column({ type: 'enum', enum: ShortageLevel, enumName: 'shortage_level' })
  level: ShortageLevel;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  subsidyUpliftPercent: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int', nullable: true })
  evidenceDemandHeadcount: number | null;

  @Column({ type: 'int', nullable: true })
  evidenceSupply: number | null;

  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true })
  evidenceRatio: string | null;
}

/** Region-level policy settings; a region without a row inherits its province's, then the national default. */
@Entity()
@Check('region_policy_cap', 'max_shortage_uplift_percent BETWEEN 0 AND 100')
export class RegionPolicy {
  @Column({ type: 'char', length: 6, primary: true })
  regionCode: string;

  /** Cap on a shortage catalog entry's subsidy uplift (DOMAIN.md: 10% unless the region sets otherwise). */
  @Column({ type: 'numeric', precision: 5, scale: 2 })
  maxShortageUpliftPercent: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

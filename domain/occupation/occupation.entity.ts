import { Check, Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** 2022 classification code: major group `N-00-00-00` or detailed occupation `X-XX-XX-XX`. */
export const OCCUPATION_CODE = /^[1-8]-\d{2}-\d{2}-\d{2}$/;

/** An occupation of the National Occupational Classification (职业分类大典), 2022 edition. */
@Entity()
@Check('occupation_code_format', `code ~ '^[1-8]-[0-9]{2}-[0-9]{2}-[0-9]{2}$'`)
export class Occupation {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Index()
  @Column({ type: 'smallint' })
  majorGroup: number;

  /** The edition's S mark; null where the source does not say. */
  @Column({ type: 'boolean', nullable: true })
  isDigital: boolean | null;

  /** The edition's L mark; null where the source does not say. */
  @Column({ type: 'boolean', nullable: true })
  isGreen: boolean | null;

  @Column({ type: 'text', nullable: true })
  definition: string | null;

  @Column({ type: 'text', nullable: true })
  tasks: string | null;

  /** Colloquial names people and enterprises use (数标员 for 人工智能训练师); search synonyms. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

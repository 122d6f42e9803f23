import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const REGION_CODE = /^\d{6}$/;

export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  PREFECTURE = 'PREFECTURE',
  COUNTY = 'COUNTY',
}

/** An administrative division (GB/T 2260). */
@Entity()
export class Region {
  @PrimaryColumn({ type: 'char', length: 6 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: RegionLevel, enumName: 'region_level' })
  level: RegionLevel;

  @Index()
  @Column({ type: 'char', length: 6, nullable: true })
  parentCode: string | null;
}

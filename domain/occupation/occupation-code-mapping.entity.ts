import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An older edition's code and the 2022 code it became (e.g. 2015 `2-02-10-09` → 2022 `2-02-38-01`). */
@Entity()
export class OccupationCodeMapping {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  oldCode: string;

  @PrimaryColumn({ type: 'smallint' })
  edition: number;

  @Column({ type: 'varchar', length: 10 })
  newCode: string;
}

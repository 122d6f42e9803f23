import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An employment agency's API key; only its SHA-256 is stored, the key is shown once. */
@Entity()
export class ApiKey {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text', unique: true })
  keyHash: string;

  /** First characters of the key, so staff can tell keys apart without seeing them. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text' })
  agency: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * "Reindex this document" rows, written in the same transaction as the change they describe,
 * so the search index can never miss a committed change (transactional outbox).
 */
@Entity()
@Index(['indexName', 'availableAt'])
export class SearchOutbox {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  indexName: string;

  @Column({ type: 'text' })
  documentId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  enqueuedAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Not before this moment: pushed back with exponential backoff after a failure. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}

/** What the worker last saw per index, for `searchIndexStatus`. */
@Entity()
export class SearchIndexState {
  @PrimaryColumn({ type: 'text' })
  indexName: string;

  @Column({ type: 'timestamptz', nullable: true })
  lastSyncedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastRebuiltAt: Date | null;
}

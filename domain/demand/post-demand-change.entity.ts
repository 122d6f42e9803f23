import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum PostDemandChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
  FILLED = 'FILLED',
}

/**
 * The change feed agencies read (`postDemandChanges`). `txid` is the writing transaction's id;
 * readers only see rows below the oldest transaction still running, and page by (txid, id), so a
 * change that commits late is never skipped by a cursor taken earlier.
 */
@Entity()
@Index(['txid', 'id'])
@Index(['source', 'txid', 'id'])
export class PostDemandChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  postDemandId: string;

  @Column({ type: 'enum', enum: PostDemandChangeKind, enumName: 'post_demand_change_kind' })
  kind: PostDemandChangeKind;

  @Column({ type: 'bigint' })
  txid: string;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** A replayable `syncPostDemands` answer, keyed by the agency's `Idempotency-Key`. */
@Entity()
export class SyncRequest {
  @Column({ type: 'text', primary: true })
  agency: string;

  @Column({ type: 'text', primary: true })
  idempotencyKey: string;

  /** SHA-256 of the request body: the same key with another body is refused. */
  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'jsonb' })
  response: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when: written in the same transaction as the change itself. */
@Entity()
@Index(['entityType', 'entityId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** The principal's subject, e.g. `user:alice` or `cli:root`. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  actorRole: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text' })
  entityId: string;

  /** The regions the change concerns (a course's and its trainee's, say): their ADMINs read the entry. Empty for national data. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  regionCodes: string[];

  /** Field → { from, to } for updates; a summary for bulk operations. */
  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;
}

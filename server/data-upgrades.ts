import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import { deriveWomenFromIdNumbers } from '../domain/seeker/derived-groups';
import type { PiiKeys } from '../domain/seeker/pii';
import type { Logger } from './logger';

/**
 * A change to stored data that a migration cannot make because it needs what only the application
 * holds (the PII key, to read sealed identity numbers). The migration queues it by name; the boot
 * runs it after the migrations, under their lock, and marks it done in the same transaction.
 */
@Entity()
export class DataUpgrade {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  queuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}

type DataUpgradeStep = (manager: EntityManager, keys: PiiKeys, log: Logger) => Promise<Record<string, number>>;

/** Every upgrade a migration may queue, by the name it queues. */
const STEPS: Record<string, DataUpgradeStep> = {
  'seeker-women-from-id-number': deriveWomenFromIdNumbers,
};

/** Runs the queued upgrades in the order queued; returns their names. */
export async function runDataUpgrades(dataSource: DataSource, log: Logger, keys: PiiKeys): Promise<string[]> {
  const pending: { name: string }[] = await dataSource.query('SELECT name FROM data_upgrade WHERE done_at IS NULL ORDER BY queued_at, name');
  for (const { name } of pending) {
    const step = STEPS[name];
    if (!step) throw new Error(`data upgrade "${name}" is queued but this build does not know it`);
    const started = performance.now();
    const counts = await dataSource.transaction(async (manager) => {
      const result = await step(manager, keys, log);
      await manager.query('UPDATE data_upgrade SET done_at = now() WHERE name = $1', [name]);
      return result;
    });
    log.info('data upgrade applied', { upgrade: name, ms: Math.round(performance.now() - started), ...counts });
  }
  return pending.map((p) => p.name);
}

import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../server/logger';
import type { SearchIndexDefinition } from './definition';
import type { SearchEngine } from './engine';
import { OUTBOX_CHANNEL } from './outbox';

/** One key per index: the worker's batches and a rebuild of the same index never interleave. */
export const indexLockSql = (param: string) => `hashtext('search-index:' || ${param})`;

export interface WorkerOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  /** Upper bound of the exponential backoff after failed pushes. */
  maxBackoffMs?: number;
}

export function backoffMs(attempts: number, maxBackoffMs: number): number {
  const base = Math.min(maxBackoffMs, 1000 * 2 ** Math.min(attempts, 20));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/**
 * Pushes outbox rows to Meilisearch. Rows are claimed with FOR UPDATE SKIP LOCKED under a
 * per-index transaction lock, so several API instances never push the same change twice or
 * push an older read after a newer one; rows are deleted only after Meilisearch has applied them.
 */
export class SearchSyncWorker {
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private prepared = false;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: SearchEngine,
    private readonly definitions: SearchIndexDefinition[],
    private readonly log: Logger,
    private readonly databaseUrl: string,
    options: WorkerOptions = {},
  ) {
    // Meilisearch indexes a few large tasks much faster than many small ones.
    this.batchSize = options.batchSize ?? 20000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  }

  async start(): Promise<void> {
    this.stopped = false;
    try {
      this.listener = new Client({ connectionString: this.databaseUrl });
      this.listener.on('error', (err: Error) => this.log.warn('outbox listener lost', { err }));
      await this.listener.connect();
      this.listener.on('notification', () => this.wake());
      await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (err) {
      this.log.warn('outbox listener unavailable, polling only', { err });
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.listener?.end().catch(() => {});
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .then(() => undefined, (err: unknown) => this.log.error('search sync tick failed', { err }))
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          const rerun = this.again;
          this.again = false;
          this.schedule(rerun ? 0 : this.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }

  /**
   * Creates every index with its settings once Meilisearch answers, so a search on a fresh install
   * finds an empty index rather than none.
   */
  private async prepareIndexes(): Promise<void> {
    if (this.prepared) return;
    try {
      for (const definition of this.definitions) await this.engine.prepare(definition, this.dataSource.manager);
      this.prepared = true;
    } catch (err) {
      this.log.warn('search indexes not prepared yet, will retry', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Processes batches until no index has rows ready; returns how many rows were pushed. */
  async drainOnce(): Promise<number> {
    await this.prepareIndexes();
    let total = 0;
    for (const definition of this.definitions) {
      for (;;) {
        // A stop waits for the batch in hand, not for the whole backlog.
        if (this.stopped) return total;
        const n = await this.processBatch(definition);
        total += n;
        if (n < this.batchSize) break;
      }
    }
    return total;
  }

  /** Claims up to one batch for one index and pushes it; returns the number of rows taken off the outbox. */
  async processBatch(definition: SearchIndexDefinition): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_xact_lock(${indexLockSql('$1')}) AS locked`, [definition.name]);
      if (!locked) {
        await runner.commitTransaction();
        return 0;
      }
      const rows: { id: string; document_id: string; attempts: number }[] = await runner.query(
        `SELECT id, document_id, attempts FROM search_outbox
          WHERE index_name = $1 AND available_at <= now()
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [definition.name, this.batchSize],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const rowIds = rows.map((r) => r.id);
      try {
        await this.push(definition, runner.manager, [...new Set(rows.map((r) => r.document_id))]);
        await runner.query(`DELETE FROM search_outbox WHERE id = ANY($1::bigint[])`, [rowIds]);
        await runner.query(
          `INSERT INTO search_index_state (index_name, last_synced_at) VALUES ($1, now())
           ON CONFLICT (index_name) DO UPDATE SET last_synced_at = now()`,
          [definition.name],
        );
        await runner.commitTransaction();
        return rows.length;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
        const delay = backoffMs(attempts - 1, this.maxBackoffMs);
        this.engine.forgetSettings(this.engine.uid(definition.name));
        await runner.query(
          `UPDATE search_outbox SET attempts = attempts + 1, last_error = $2,
                  available_at = now() + make_interval(secs => $3::double precision / 1000)
            WHERE id = ANY($1::bigint[])`,
          [rowIds, message, delay],
        );
        await runner.query(
          `INSERT INTO search_index_state (index_name, last_error, last_error_at) VALUES ($1, $2, now())
           ON CONFLICT (index_name) DO UPDATE SET last_error = $2, last_error_at = now()`,
          [definition.name, message],
        );
        await runner.commitTransaction();
        this.log.warn('search sync failed, will retry', { index: definition.name, rows: rows.length, attempts, retryInMs: delay, error: message });
        return 0;
      }
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async push(definition: SearchIndexDefinition, manager: EntityManager, ids: string[]): Promise<void> {
    const uid = this.engine.uid(definition.name);
    await this.engine.prepare(definition, manager, uid);
    const documents = await definition.buildDocuments(manager, ids);
    const present = new Set(documents.map((d) => d.id));
    const gone = ids.filter((id) => !present.has(id));
    const index = this.engine.index(definition.name);
    if (documents.length > 0) await this.engine.settle(index.addDocuments(documents, { primaryKey: 'id' }));
    if (gone.length > 0) await this.engine.settle(index.deleteDocuments(gone));
  }
}

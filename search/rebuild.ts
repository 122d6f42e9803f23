import type { DataSource } from 'typeorm';
import type { Logger } from '../server/logger';
import type { SearchIndexDefinition } from './definition';
import type { SearchEngine } from './engine';
import { indexLockSql } from './worker';

export interface RebuildResult {
  index: string;
  documents: number;
  ms: number;
}

/**
 * Builds the index afresh beside the live one and swaps them, so searches never see an empty
 * index. Holding the index lock keeps the worker off this index meanwhile; changes committed
 * during the rebuild stay in the outbox and are applied to the new index right after the swap.
 */
export async function rebuildIndex(
  dataSource: DataSource,
  engine: SearchEngine,
  definition: SearchIndexDefinition,
  log: Logger,
  pageSize = 5000,
): Promise<RebuildResult> {
  const started = Date.now();
  const liveUid = engine.uid(definition.name);
  const freshUid = `${liveUid}__rebuild_${started}`;
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(${indexLockSql('$1')})`, [definition.name]);
    await engine.prepare(definition, dataSource.manager, freshUid);
    const fresh = engine.client.index(freshUid);
    let documents = 0;
    let after: string | null = null;
    for (;;) {
      const ids: string[] = await definition.allIds(dataSource.manager, after, pageSize);
      if (ids.length === 0) break;
      const docs = await definition.buildDocuments(dataSource.manager, ids);
      if (docs.length > 0) await engine.settle(fresh.addDocuments(docs, { primaryKey: 'id' }), 300_000);
      documents += docs.length;
      after = ids[ids.length - 1];
    }
    if (!(await engine.indexExists(liveUid))) await engine.settle(engine.client.createIndex(liveUid, { primaryKey: 'id' }));
    await engine.settle(engine.client.swapIndexes([{ indexes: [liveUid, freshUid], rename: false }]));
    await engine.settle(engine.client.deleteIndex(freshUid));
    engine.forgetSettings(liveUid);
    engine.forgetSettings(freshUid);
    await dataSource.query(
      `INSERT INTO search_index_state (index_name, last_rebuilt_at) VALUES ($1, now())
       ON CONFLICT (index_name) DO UPDATE SET last_rebuilt_at = now()`,
      [definition.name],
    );
    const result = { index: definition.name, documents, ms: Date.now() - started };
    log.info('search index rebuilt', { ...result });
    return result;
  } catch (err) {
    await engine.client.deleteIndexIfExists(freshUid).catch(() => false);
    throw err;
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(${indexLockSql('$1')})`, [definition.name]).catch(() => {});
    await lock.release();
  }
}

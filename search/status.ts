import type { DataSource } from 'typeorm';
import type { SearchIndexDefinition } from './definition';
import type { SearchEngine } from './engine';

export interface IndexStatus {
  name: string;
  uid: string;
  /** Null when Meilisearch cannot be reached. */
  documents: number | null;
  isIndexing: boolean | null;
  pendingChanges: number;
  failingChanges: number;
  oldestPendingAgeSeconds: number | null;
  lastSyncedAt: Date | null;
  lastRebuiltAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  reachable: boolean;
}

export async function searchIndexStatus(
  dataSource: DataSource,
  engine: SearchEngine,
  definitions: SearchIndexDefinition[],
): Promise<IndexStatus[]> {
  const names = definitions.map((d) => d.name);
  const rows: {
    name: string;
    pending: string;
    failing: string;
    oldest_age: number | null;
    last_synced_at: Date | null;
    last_rebuilt_at: Date | null;
    last_error: string | null;
    last_error_at: Date | null;
  }[] = await dataSource.query(
    `SELECT n.name,
            count(o.id) AS pending,
            count(o.id) FILTER (WHERE o.attempts > 0) AS failing,
            extract(epoch FROM now() - min(o.enqueued_at))::float8 AS oldest_age,
            s.last_synced_at, s.last_rebuilt_at, s.last_error, s.last_error_at
       FROM unnest($1::text[]) AS n(name)
       LEFT JOIN search_outbox o ON o.index_name = n.name
       LEFT JOIN search_index_state s ON s.index_name = n.name
      GROUP BY n.name, s.index_name`,
    [names],
  );
  return Promise.all(
    rows.map(async (r) => {
      const uid = engine.uid(r.name);
      let documents: number | null = null;
      let isIndexing: boolean | null = null;
      let reachable = true;
      try {
        const stats = await engine.client.index(uid).getStats();
        documents = stats.numberOfDocuments;
        isIndexing = stats.isIndexing;
      } catch (e) {
        const code = (e as { cause?: { code?: string } }).cause?.code;
        if (code === 'index_not_found') documents = 0;
        else reachable = false;
      }
      return {
        name: r.name,
        uid,
        documents,
        isIndexing,
        pendingChanges: Number(r.pending),
        failingChanges: Number(r.failing),
        oldestPendingAgeSeconds: r.oldest_age,
        lastSyncedAt: r.last_synced_at,
        lastRebuiltAt: r.last_rebuilt_at,
        lastError: r.last_error,
        lastErrorAt: r.last_error_at,
        reachable,
      };
    }),
  );
}

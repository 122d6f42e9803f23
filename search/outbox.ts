import type { EntityManager } from 'typeorm';

/** Channel the outbox trigger notifies on commit, so workers wake without polling. */
export const OUTBOX_CHANNEL = 'search_outbox';

/**
 * Records that documents must be rebuilt in an index. Call it with the transaction's manager so
 * the request commits (or rolls back) together with the change.
 */
export async function enqueueReindex(manager: EntityManager, indexName: string, documentIds: readonly string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await manager.query(
    `INSERT INTO search_outbox (index_name, document_id) SELECT $1, unnest($2::text[])`,
    [indexName, [...new Set(documentIds)]],
  );
}

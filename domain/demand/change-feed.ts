import type { EntityManager } from 'typeorm';
import type { PostDemandChangeKind } from './post-demand-change.entity';

export interface PostDemandChangeRecord {
  postDemandId: string;
  kind: PostDemandChangeKind;
  source: string | null;
}

/** Appends to the change feed inside the writing transaction, stamped with its transaction id. */
export async function recordPostDemandChanges(manager: EntityManager, changes: PostDemandChangeRecord[]): Promise<void> {
  if (changes.length === 0) return;
  await manager.query(
    `INSERT INTO post_demand_change (post_demand_id, kind, source, txid)
     SELECT id, kind, source, pg_current_xact_id()::text::bigint
       FROM unnest($1::bigint[], $2::post_demand_change_kind[], $3::text[]) AS c(id, kind, source)`,
    [changes.map((c) => c.postDemandId), changes.map((c) => c.kind), changes.map((c) => c.source)],
  );
}

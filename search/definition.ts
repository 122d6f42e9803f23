import type { Settings } from 'meilisearch';
import type { EntityManager } from 'typeorm';

/**
 * Everything the pipeline needs to know about one Meilisearch index. Documents are always built
 * from a fresh read of PostgreSQL, never from the payload of the change that queued them.
 */
export interface SearchIndexDefinition<Doc extends { id: string } = { id: string }> {
  /** Logical name, also the outbox `index_name`; the Meilisearch uid adds the configured prefix. */
  name: string;
  /** Static settings plus any read from the database (synonyms), applied before documents. */
  settings(manager: EntityManager): Promise<Settings>;
  /** Documents for the ids that still exist; ids not returned are deleted from the index. */
  buildDocuments(manager: EntityManager, ids: readonly string[]): Promise<Doc[]>;
  /** Every id, in pages, for a rebuild from scratch. */
  allIds(manager: EntityManager, afterId: string | null, limit: number): Promise<string[]>;
}

/**
 * `displayedAttributes` of an index whose searches read only a key (PostgreSQL supplies the rest):
 * fields it does not display Meilisearch neither reads nor formats per hit, a fifth of its CPU per
 * match (measured). The document routes still return every field.
 */
export const keyOnly = (key: string): string[] => [key];

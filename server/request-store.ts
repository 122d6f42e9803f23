import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts that code deep below the resolvers needs without threading them through. */
export interface RequestStore {
  requestId: string;
  sqlQueries: number;
  /** Set when a search answered from PostgreSQL because Meilisearch was unreachable; reported in `extensions.degraded`. */
  degraded?: boolean;
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

export const currentRequestId = () => requestStore.getStore()?.requestId;

/** Counts one SQL statement against the current request (the N+1 tests and `extensions.sqlQueries` read it). */
export function countSqlStatement(): void {
  const store = requestStore.getStore();
  if (store) store.sqlQueries++;
}

/** Marks the current response as answered without the search engine. */
export function markDegraded(): void {
  const store = requestStore.getStore();
  if (store) store.degraded = true;
}

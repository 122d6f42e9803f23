import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts that code deep below the resolvers needs without threading them through. */
export interface RequestStore {
  requestId: string;
  sqlQueries: number;
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

export const currentRequestId = () => requestStore.getStore()?.requestId;

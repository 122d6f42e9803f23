import { createHash } from 'node:crypto';
import { Meilisearch, type Index, type Settings, type EnqueuedTaskPromise } from 'meilisearch';
import type { EntityManager } from 'typeorm';
import type { SearchIndexDefinition } from './definition';

export interface SearchConnection {
  url: string;
  apiKey?: string;
  indexPrefix: string;
}

/** Thin layer over the Meilisearch client: index uids with the deployment's prefix, tasks awaited and checked. */
export class SearchEngine {
  readonly client: Meilisearch;
  private readonly appliedSettings = new Map<string, string>();

  constructor(readonly connection: SearchConnection) {
    this.client = new Meilisearch({ host: connection.url, apiKey: connection.apiKey, timeout: 30_000 });
  }

  uid(name: string): string {
    return `${this.connection.indexPrefix}${name}`;
  }

  index<T extends Record<string, any> = Record<string, any>>(name: string): Index<T> {
    return this.client.index<T>(this.uid(name));
  }

  /** Waits for a Meilisearch task and turns a failed one into an exception. */
  async settle(task: EnqueuedTaskPromise, timeoutMs = 60_000): Promise<void> {
    const done = await task.waitTask({ timeout: timeoutMs, interval: 25 });
    if (done.status !== 'succeeded') {
      throw new Error(`Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? 'no reason given'}`);
    }
  }

  async indexExists(uid: string): Promise<boolean> {
    try {
      await this.client.index(uid).getRawInfo();
      return true;
    } catch (e) {
      if ((e as { cause?: { code?: string } }).cause?.code === 'index_not_found') return false;
      throw e;
    }
  }

  /** Creates the index if needed and applies the definition's settings when they differ from the last applied. */
  async prepare(definition: SearchIndexDefinition, manager: EntityManager, uid = this.uid(definition.name)): Promise<void> {
    if (!(await this.indexExists(uid))) {
      await this.settle(this.client.createIndex(uid, { primaryKey: 'id' }));
      this.appliedSettings.delete(uid);
    }
    await this.applySettings(uid, await definition.settings(manager));
  }

  async applySettings(uid: string, settings: Settings): Promise<void> {
    const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    if (this.appliedSettings.get(uid) === fingerprint) return;
    await this.settle(this.client.index(uid).updateSettings(settings));
    this.appliedSettings.set(uid, fingerprint);
  }

  forgetSettings(uid: string): void {
    this.appliedSettings.delete(uid);
  }

  async healthy(): Promise<boolean> {
    return this.client.isHealthy();
  }
}

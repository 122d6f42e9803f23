import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Meilisearch, type Index, type SearchParams, type Settings, type EnqueuedTaskPromise } from 'meilisearch';
import type { EntityManager } from 'typeorm';
import type { SearchIndexDefinition } from './definition';

export interface SearchConnection {
  url: string;
  apiKey?: string;
  indexPrefix: string;
}

export interface SearchResponse<T> {
  hits: T[];
  estimatedTotalHits?: number;
  totalHits?: number;
}

export class SearchUnavailable extends Error {}

/** Thin layer over the Meilisearch client: index uids with the deployment's prefix, tasks awaited and checked. */
export class SearchEngine {
  readonly client: Meilisearch;
  private readonly appliedSettings = new Map<string, string>();
  private readonly searchUrl: URL;
  private readonly agent: Agent;

  constructor(readonly connection: SearchConnection) {
    this.client = new Meilisearch({ host: connection.url, apiKey: connection.apiKey, timeout: 30_000 });
    this.searchUrl = new URL(connection.url.endsWith('/') ? connection.url : `${connection.url}/`);
    const agentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16 };
    this.agent = this.searchUrl.protocol === 'https:' ? new HttpsAgent(agentOptions) : new Agent(agentOptions);
  }

  /**
   * The request path of every search: one keep-alive POST, uncompressed (answers are small), no
   * per-call abort machinery. Measured to cost about half of the general client's overhead.
   */
  search<T>(name: string, params: SearchParams & { q: string }, timeoutMs = 5000): Promise<SearchResponse<T>> {
    return this.post<SearchResponse<T>>(`indexes/${encodeURIComponent(this.uid(name))}/search`, params, timeoutMs);
  }

  /** Several searches in one round trip, answered in the order asked. */
  async multiSearch<T>(queries: (SearchParams & { q: string; index: string })[], timeoutMs = 5000): Promise<SearchResponse<T>[]> {
    const body = { queries: queries.map(({ index, ...params }) => ({ indexUid: this.uid(index), ...params })) };
    const { results } = await this.post<{ results: SearchResponse<T>[] }>('multi-search', body, timeoutMs);
    return results;
  }

  private post<T>(path: string, payload: unknown, timeoutMs: number): Promise<T> {
    const body = JSON.stringify(payload);
    const url = new URL(path, this.searchUrl);
    const send = url.protocol === 'https:' ? httpsRequest : request;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'accept-encoding': 'identity',
            ...(this.connection.apiKey ? { authorization: `Bearer ${this.connection.apiKey}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) return reject(new SearchUnavailable(`Meilisearch answered ${res.statusCode}: ${text.slice(0, 300)}`));
            try {
              resolve(JSON.parse(text) as T);
            } catch (err) {
              reject(err);
            }
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new SearchUnavailable(`Meilisearch did not answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
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

  /**
   * Updates settings only when Meilisearch holds others: a settings task rebuilds the whole index
   * even when nothing changed, and another process (a `reindex`) may have applied them already.
   */
  async applySettings(uid: string, settings: Settings): Promise<void> {
    const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    if (this.appliedSettings.get(uid) === fingerprint) return;
    const current = await this.client.index(uid).getSettings();
    if (!settingsCover(current, settings)) await this.settle(this.client.index(uid).updateSettings(settings));
    this.appliedSettings.set(uid, fingerprint);
  }

  forgetSettings(uid: string): void {
    this.appliedSettings.delete(uid);
  }

  async healthy(): Promise<boolean> {
    return this.client.isHealthy();
  }
}

/** Order does not matter in these lists; Meilisearch may hand them back sorted. */
const UNORDERED = new Set(['filterableAttributes', 'sortableAttributes', 'displayedAttributes']);

/** Whether `current` already has every value `wanted` sets (Meilisearch fills in defaults for the rest). */
export function settingsCover(current: unknown, wanted: unknown, key = ''): boolean {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(current) || current.length !== wanted.length) return false;
    if (UNORDERED.has(key)) {
      const have = new Set(current.map((v) => JSON.stringify(v)));
      return wanted.every((v) => have.has(JSON.stringify(v)));
    }
    return wanted.every((v, i) => settingsCover(current[i], v));
  }
  if (wanted && typeof wanted === 'object') {
    if (!current || typeof current !== 'object') return false;
    const have = current as Record<string, unknown>;
    const want = wanted as Record<string, unknown>;
    // Synonyms are a whole map: an extra key left in Meilisearch is a difference.
    if (key === 'synonyms' && Object.keys(have).length !== Object.keys(want).length) return false;
    return Object.keys(want).every((k) => settingsCover(have[k], want[k], k));
  }
  return current === wanted;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueReindex } from '../search/outbox';
import { OCCUPATIONS_INDEX, occupationsIndex } from '../search/occupations.index';
import { COURSES_INDEX, coursesIndex } from '../search/courses.index';
import { postDemandsIndex } from '../search/post-demands.index';
import { rebuildIndex } from '../search/rebuild';
import { SearchSyncWorker } from '../search/worker';
import { freePort, startEmbeddedMeilisearch, type EmbeddedService } from '../server/embedded';
import { Role } from '../server/auth';
import { createLogger } from '../server/logger';
import { startTestPlatform, type TestPlatform } from './harness';

const quiet = createLogger('error');

const setAliases = `mutation($input: SetOccupationAliasesInput!) {
  setOccupationAliases(input: $input) { occupation { code aliases } userErrors { field code message } }
}`;
const search = `query($q: String) { occupations(query: $q, first: 5) { nodes { code } } }`;
const status = `{ searchIndexStatus { name reachable documents pendingChanges failingChanges lastError } }`;

async function occupationCount(app: TestPlatform): Promise<number> {
  const [{ count }] = await app.platform.infrastructure.dataSource.query('SELECT count(*)::int AS count FROM occupation');
  return count;
}

describe('the search outbox when Meilisearch goes down and comes back', () => {
  const meiliDir = mkdtempSync(join(tmpdir(), 'meili-outage-'));
  const key = 'outage-test-master-key-0123456789';
  let port: number;
  let meili: EmbeddedService;
  let app: TestPlatform;

  beforeAll(async () => {
    port = await freePort();
    meili = await startEmbeddedMeilisearch(meiliDir, key, quiet, { port });
    app = await startTestPlatform({ meiliUrl: meili.url, meiliKey: key });
    await app.settle();
  });
  afterAll(async () => {
    await app?.stop();
    await meili?.stop();
    rmSync(meiliDir, { recursive: true, force: true });
  });

  it('accepts writes while search is down, reports the backlog, and converges after the restart', async () => {
    await meili.stop();

    const write = await app.gql(setAliases, { input: { code: '4-10-01-05', aliases: ['护工', '养老院护理'] } }, { role: Role.ADMIN });
    expect(write.data.setOccupationAliases.userErrors).toEqual([]);
    // A deletion goes through the same outbox as every other change.
    await app.platform.infrastructure.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM occupation WHERE code = '4-10-08-01'`);
      await enqueueReindex(manager, OCCUPATIONS_INDEX, ['4-10-08-01']);
    });

    // Typeahead keeps answering from PostgreSQL meanwhile.
    const degraded = await app.gql(search, { q: '护工' });
    expect(degraded.errors).toBeUndefined();
    expect(degraded.data.occupations.nodes[0].code).toBe('4-10-01-05');

    let seen: any;
    for (let i = 0; i < 100; i++) {
      seen = (await app.gql(status, {}, { role: Role.ADMIN })).data.searchIndexStatus.find((s: any) => s.name === 'occupations');
      // Both changes have been tried and failed (they may land in separate batches).
      if (seen.failingChanges === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toMatchObject({ reachable: false, pendingChanges: 2, failingChanges: 2 });
    expect(seen.lastError).toBeTruthy();

    meili = await startEmbeddedMeilisearch(meiliDir, key, quiet, { port });
    await app.settle(90_000);

    const index = app.platform.infrastructure.search.index(OCCUPATIONS_INDEX);
    const stats = await index.getStats();
    expect(stats.numberOfDocuments).toBe(await occupationCount(app));
    await expect(index.getDocument('4-10-08-01')).rejects.toThrow();
    const found = await app.gql(search, { q: '养老院护理' });
    expect(found.data.occupations.nodes[0].code).toBe('4-10-01-05');
    const after = (await app.gql(status, {}, { role: Role.ADMIN })).data.searchIndexStatus[0];
    expect(after).toMatchObject({ reachable: true, pendingChanges: 0, failingChanges: 0 });
  });
});

describe('several workers on one outbox', () => {
  let app: TestPlatform;
  beforeAll(async () => {
    app = await startTestPlatform({ env: { SEARCH_WORKER: 'off' } });
  });
  afterAll(() => app?.stop());

  it('push every change exactly once between them, newest state last', async () => {
    const { dataSource, search, databaseUrl } = app.platform.infrastructure;
    const codes: string[] = (await dataSource.query('SELECT code FROM occupation ORDER BY code')).map((r: { code: string }) => r.code);
    await dataSource.query('DELETE FROM search_outbox');
    const rounds = 25;
    for (let round = 0; round < rounds; round++) {
      await dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE occupation SET aliases = ARRAY['第' || $1 || '轮'] WHERE code = '4-04-05-01'`, [String(round)]);
        await enqueueReindex(manager, OCCUPATIONS_INDEX, codes);
      });
    }
    const enqueued = rounds * codes.length;
    const workers = [1, 2, 3].map(() => new SearchSyncWorker(dataSource, search, [occupationsIndex], quiet, databaseUrl, { batchSize: 40 }));
    const pushed = [0, 0, 0];
    await Promise.all(
      workers.map(async (worker, i) => {
        for (let idle = 0; idle < 20; ) {
          const n = await worker.processBatch(occupationsIndex);
          pushed[i] += n;
          if (n === 0) {
            idle++;
            await new Promise((r) => setTimeout(r, 20));
          } else idle = 0;
        }
      }),
    );
    expect(pushed.reduce((a, b) => a + b, 0)).toBe(enqueued);
    const [{ left }] = await dataSource.query('SELECT count(*)::int AS left FROM search_outbox');
    expect(left).toBe(0);
    const doc = await search.index(OCCUPATIONS_INDEX).getDocument('4-04-05-01');
    expect(doc.aliases).toEqual([`第${rounds - 1}轮`]);
  });
});

describe('rebuilding an index', () => {
  let app: TestPlatform;
  beforeAll(async () => {
    app = await startTestPlatform();
    await app.settle();
  });
  afterAll(() => app?.stop());

  it('never leaves search empty and keeps changes made while it ran', async () => {
    const { dataSource, search } = app.platform.infrastructure;
    let searching = true;
    const emptyAnswers: number[] = [];
    let answers = 0;
    const searcher = (async () => {
      while (searching) {
        const res = await app.gql(`{ occupations(query: "养老", first: 3) { nodes { code } } }`);
        answers++;
        if (!res.data?.occupations?.nodes?.length) emptyAnswers.push(answers);
      }
    })();
    const rebuilding = rebuildIndex(dataSource, search, occupationsIndex, quiet);
    const write = await app.gql(setAliases, { input: { code: '6-18-01-07', aliases: ['数控操机', '重建期间新增别名'] } }, { role: Role.ADMIN });
    expect(write.data.setOccupationAliases.userErrors).toEqual([]);
    const result = await rebuilding;
    await app.settle();
    searching = false;
    await searcher;

    expect(result.documents).toBe(await occupationCount(app));
    expect(answers).toBeGreaterThan(3);
    expect(emptyAnswers).toEqual([]);
    const found = await app.gql(`{ occupations(query: "重建期间新增别名", first: 1) { nodes { code } } }`);
    expect(found.data.occupations.nodes[0]?.code).toBe('6-18-01-07');
    const { results } = await search.client.getIndexes({ limit: 1000 });
    const ours = results.filter((i) => i.uid.startsWith(app.indexPrefix)).map((i) => i.uid);
    expect(ours).toContain(`${app.indexPrefix}occupations`);
    expect(ours.filter((uid) => uid.includes('__rebuild_'))).toEqual([]);
  });

  it('pages through every row by number, across ids of one and two digits', async () => {
    const { dataSource, search } = app.platform.infrastructure;
    for (const [definition, table] of [[coursesIndex, 'course'], [postDemandsIndex, 'post_demand']] as const) {
      const all: { id: string }[] = await dataSource.query(`SELECT id::text AS id FROM ${table} ORDER BY id::bigint`);
      expect(all.length).toBeGreaterThan(10); // the demo set: ids run past 9
      const paged: string[] = [];
      for (let after: string | null = null; ; ) {
        const page: string[] = await definition.allIds(dataSource.manager, after, 4);
        if (page.length === 0) break;
        paged.push(...page);
        after = page[page.length - 1];
      }
      expect(paged).toEqual(all.map((r) => r.id));
    }
    const result = await rebuildIndex(dataSource, search, coursesIndex, quiet, 4);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM course`);
    expect(result.documents).toBe(n);
    expect((await search.index(COURSES_INDEX).getStats()).numberOfDocuments).toBe(n);
  });
});

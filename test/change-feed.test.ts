import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncItem } from '../domain/demand/post-demand-sync';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';
import { creditCode, item, SYNC } from './fixtures/sync-items';

const FEED = `query($after: String, $first: Int) {
  postDemandChanges(after: $after, first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { cursor kind at source externalId postDemandId postDemand { id externalId status headcount } } }
  }
}`;

interface Change {
  cursor: string;
  kind: string;
  externalId: string;
  postDemandId: string;
  postDemand: { id: string; externalId: string; status: string; headcount: number } | null;
}

const SOURCE = 'dalian-hr-market';

/** A sync item as the service takes it (dates as Date). */
const serviceItem = (externalId: string, overrides: Record<string, unknown> = {}): SyncItem => {
  const raw = item(externalId, overrides);
  return { ...raw, updatedAt: new Date(raw.updatedAt as string) } as unknown as SyncItem;
};

describe('an agency following the change feed', () => {
  let app: TestPlatform;
  let agency: string;
  const db = () => app.platform.infrastructure.dataSource;
  const sync = async (items: Record<string, unknown>[]) => {
    const res = await app.gql(SYNC, { input: { source: SOURCE, items } }, { token: agency });
    expect(res.errors).toBeUndefined();
    expect(res.data.syncPostDemands.rejected).toBe(0);
    return res.data.syncPostDemands;
  };
  const page = async (after: string | null, first = 10, token = agency) => {
    const res = await app.gql(FEED, { after, first }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.postDemandChanges as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Change }[] };
  };
  /**
   * Reads from `cursor` until `want` changes have come (other databases' transactions on the same
   * server can hold the feed back for a moment), then returns them and the cursor to store.
   */
  const readUntil = async (cursor: string | null, want: number, first = 10) => {
    const seen: Change[] = [];
    const deadline = Date.now() + 10_000;
    while (seen.length < want) {
      const p = await page(cursor, first);
      seen.push(...p.edges.map((e) => e.node));
      cursor = p.pageInfo.endCursor;
      if (!p.pageInfo.hasNextPage && seen.length < want) {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { changes: seen, cursor };
  };
  /** The feed as stored, in commit order, for the agency's source. */
  const stored = async () =>
    (await db().query(`SELECT c.id, p.external_id, c.kind FROM post_demand_change c JOIN post_demand p ON p.id = c.post_demand_id WHERE c.source = $1 ORDER BY c.txid, c.id`, [SOURCE])) as {
      id: string;
      external_id: string;
      kind: string;
    }[];

  beforeAll(async () => {
    app = await startTestPlatform();
    agency = await app.token(Role.AGENCY);
  });
  afterAll(() => app?.stop());

  it('resumes after a crash from its stored cursor without missing or repeating a change', async () => {
    await sync(Array.from({ length: 15 }, (_, i) => item(`r-${i}`)));
    await sync([item('r-0', { updatedAt: '2026-03-02T00:00:00Z', headcount: 8 }), item('r-1', { updatedAt: '2026-03-02T00:00:00Z', status: 'WITHDRAWN' })]);
    await sync([item('r-2', { updatedAt: '2026-03-02T00:00:00Z', status: 'FILLED' })]);

    // The client reads one page, stores the cursor … and crashes before reading on.
    const firstPage = await readUntil(null, 10);
    expect(firstPage.changes).toHaveLength(10);
    const storedCursor = firstPage.cursor;
    expect(firstPage.changes.every((c) => c.kind === 'CREATED')).toBe(true);

    // Meanwhile more happens.
    await sync([item('r-20'), item('r-3', { updatedAt: '2026-03-03T00:00:00Z', headcount: 2 })]);

    // A new process resumes from the stored cursor.
    const rest = await readUntil(storedCursor, 15 + 3 + 2 - 10);
    const all = [...firstPage.changes, ...rest.changes];
    const expected = await stored();
    expect(all.map((c) => `${c.externalId}:${c.kind}`)).toEqual(expected.map((r) => `${r.external_id}:${r.kind}`));
    expect(new Set(all.map((c) => c.cursor)).size).toBe(all.length);
    expect(all.filter((c) => c.kind !== 'CREATED').map((c) => `${c.externalId}:${c.kind}`)).toEqual(['r-0:UPDATED', 'r-1:WITHDRAWN', 'r-2:FILLED', 'r-3:UPDATED']);
    const withdrawn = all.find((c) => c.kind === 'WITHDRAWN')!;
    expect(withdrawn.postDemand).toMatchObject({ externalId: 'r-1', status: 'WITHDRAWN', id: withdrawn.postDemandId });

    // At the end of the feed: no next page, and the cursor stays put until something new commits.
    const end = await page(rest.cursor);
    expect(end.edges).toEqual([]);
    expect(end.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.cursor });
  });

  it('shows a change committed late by a transaction that started early after the ones before it, never skipping it', async () => {
    const { changes: before, cursor: start } = await readUntil(null, (await stored()).length, 100);
    expect(before.length).toBeGreaterThan(0);
    const service = app.platform.services.postDemandSync;
    const actor = { subject: 'test-agency', role: 'AGENCY' };
    const scope = { source: SOURCE, regionCode: '210200' };

    // Transaction A starts writing first (and so gets the lower transaction id) but commits last.
    const early = db().createQueryRunner();
    const late = db().createQueryRunner();
    await early.connect();
    await late.connect();
    try {
      await early.startTransaction();
      await service.syncBatch(early.manager, actor, scope, [serviceItem('slow-1', { enterpriseCreditCode: creditCode(7) })]);
      await late.startTransaction();
      await service.syncBatch(late.manager, actor, scope, [serviceItem('fast-1'), serviceItem('fast-2')]);
      await late.commitTransaction();

      // B has committed, but A (older) is still running: the feed holds B back rather than hand out
      // a cursor past A's future change.
      const during = await page(start, 100);
      expect(during.edges.map((e) => e.node.externalId)).toEqual([]);
      expect(during.pageInfo.endCursor).toBe(start);

      await early.commitTransaction();
    } finally {
      if (early.isTransactionActive) await early.rollbackTransaction();
      if (late.isTransactionActive) await late.rollbackTransaction();
      await early.release();
      await late.release();
    }
    const after = await readUntil(start, 3);
    expect(after.changes.map((c) => `${c.externalId}:${c.kind}`)).toEqual(['slow-1:CREATED', 'fast-1:CREATED', 'fast-2:CREATED']);
  });

  it('lets an ADMIN read every change in its region, and nobody else read the feed', async () => {
    const admin = await app.token(Role.ADMIN);
    const dalian = await page(null, 100, admin);
    expect(dalian.edges.length).toBeGreaterThan(0);
    expect(dalian.edges.every((e) => e.node.postDemand !== null)).toBe(true);
    const shenyang = await page(null, 100, await app.token(Role.ADMIN, { region: '210100' }));
    expect(shenyang.edges).toEqual([]);
    const otherAgency = await page(null, 100, await app.token(Role.AGENCY, { agency: 'other-market', region: '210200' }));
    expect(otherAgency.edges).toEqual([]);

    const counsellor = await app.gql(FEED, { first: 5 }, { role: Role.COUNSELLOR });
    expect(counsellor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(FEED, { first: 5 });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await app.gql(FEED, { after: Buffer.from('pdc:1:x').toString('base64url') }, { token: agency });
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['after'] });
    const tooMany = await app.gql(FEED, { first: 101 }, { token: agency });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });

  it('reads a page of 100 changes with their lines in as many SQL statements as a page of 10', async () => {
    await sync(Array.from({ length: 120 }, (_, i) => item(`q-${i}`, { enterpriseCreditCode: creditCode(300 + (i % 20)), enterpriseName: `大连批量${i % 20}号有限公司` })));
    const query = `query($first: Int) { postDemandChanges(first: $first) { edges { node { kind postDemand { id externalId status enterprise { name } occupation { name } region { name } } } } } }`;
    // Wait until the feed shows them: a transaction still open anywhere on the server (the search
    // worker's, another test's) holds newer changes back for a moment.
    let large = await app.gql(query, { first: 100 }, { token: agency });
    for (const deadline = Date.now() + 10_000; large.data?.postDemandChanges.edges.length < 100 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      large = await app.gql(query, { first: 100 }, { token: agency });
    }
    const small = await app.gql(query, { first: 10 }, { token: agency });
    expect(large.errors).toBeUndefined();
    expect(large.data.postDemandChanges.edges).toHaveLength(100);
    expect(large.extensions?.sqlQueries).toBe(small.extensions?.sqlQueries);
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../domain/access/api-key.entity';
import { generateApiKey, Role } from '../server/auth';
import { creditCode, item, SYNC } from './fixtures/sync-items';
import { forgetOldSyncRequests } from '../domain/demand/post-demand-sync';
import { cliEnv, startTestPlatform, type TestPlatform } from './harness';

const CLI = join(__dirname, '..', 'dist', 'cli', 'main.js');
/** Three lines in GBK (made once with `iconv -f utf-8 -t gbk`); line 4 has headcount 0. */
const GBK_FIXTURE = join(__dirname, 'fixtures', 'post-demands-gbk.csv');

describe('an employment agency syncing its list of post demand', () => {
  let app: TestPlatform;
  let agency: string;
  const db = () => app.platform.infrastructure.dataSource;
  const sync = (items: Record<string, unknown>[], options: { token?: string; key?: string; source?: string; headers?: Record<string, string> } = {}) =>
    app.gql(SYNC, { input: { source: options.source ?? 'dalian-hr-market', items } }, {
      token: options.headers?.['x-api-key'] ? undefined : (options.token ?? agency),
      headers: { ...(options.key ? { 'idempotency-key': options.key } : {}), ...options.headers },
    });
  const count = async (sql: string, params: unknown[] = []) => ((await db().query(sql, params))[0] as { n: number }).n;

  beforeAll(async () => {
    app = await startTestPlatform();
    agency = await app.token(Role.AGENCY);
  });
  afterAll(() => app?.stop());

  it('keeps stored answers for idempotency keys a week, then forgets them', async () => {
    await db().query(
      `INSERT INTO sync_request (agency, idempotency_key, request_hash, response, created_at)
       VALUES ('dalian-hr-market', 'old-key', 'h', '{}', now() - interval '8 days'), ('dalian-hr-market', 'fresh-key', 'h', '{}', now() - interval '6 days')`,
    );
    expect(await forgetOldSyncRequests(db())).toBe(1);
    const keys = (await db().query(`SELECT idempotency_key FROM sync_request WHERE idempotency_key IN ('old-key', 'fresh-key')`)).map((r: { idempotency_key: string }) => r.idempotency_key);
    expect(keys).toEqual(['fresh-key']);
  });

  it('creates lines, leaves a resent one unchanged, takes a newer one, and ignores an older one', async () => {
    const first = await sync([item('a-1'), item('a-2', { enterpriseCreditCode: creditCode(2), enterpriseName: '大连颐和养老院' })]);
    expect(first.errors).toBeUndefined();
    expect(first.data.syncPostDemands).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 0, replayed: false, userErrors: [] });
    expect(first.data.syncPostDemands.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'CREATED']);
    expect(first.data.syncPostDemands.results[0].postDemandId).toBeTruthy();

    const again = await sync([item('a-1'), item('a-2', { enterpriseCreditCode: creditCode(2), enterpriseName: '大连颐和养老院' })]);
    expect(again.data.syncPostDemands).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.data.syncPostDemands.results[0].postDemandId).toBe(first.data.syncPostDemands.results[0].postDemandId);

    const newer = await sync([item('a-1', { updatedAt: '2026-03-02T00:00:00Z', headcount: 7 })]);
    expect(newer.data.syncPostDemands).toMatchObject({ updated: 1, results: [{ externalId: 'a-1', status: 'UPDATED', userErrors: [] }] });

    // Arrives late from a retry queue: older than what is stored.
    const older = await sync([item('a-1', { updatedAt: '2026-02-27T00:00:00Z', headcount: 1 })]);
    expect(older.data.syncPostDemands).toMatchObject({ unchanged: 1, results: [{ status: 'UNCHANGED' }] });

    const [row] = await db().query(`SELECT headcount, source_updated_at, version FROM post_demand WHERE source = 'dalian-hr-market' AND external_id = 'a-1'`);
    expect(row.headcount).toBe(7);
    expect(new Date(row.source_updated_at).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(row.version).toBe(2);
    expect(await count(`SELECT count(*)::int AS n FROM enterprise WHERE credit_code = ANY($1)`, [[creditCode(1), creditCode(2)]])).toBe(2);
    // Every write is in the change feed and the search outbox; every batch is audited.
    expect(await count(`SELECT count(*)::int AS n FROM post_demand_change c JOIN post_demand p ON p.id = c.post_demand_id WHERE p.external_id IN ('a-1', 'a-2')`)).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'SYNC' AND entity_id = 'dalian-hr-market'`)).toBe(4);
  });

  it('lands the valid items of a batch and rejects each bad one with its own userErrors', async () => {
    const items = [
      item('b-0'),
      item('b-1', { headcount: 0 }),
      item('b-2', { enterpriseCreditCode: '91210200MA0000001X' }),
      item('b-3', { regionCode: '210102' }), // 沈阳市和平区: outside the agency's Dalian
      item('b-4', { occupationCode: '9-99-99-99', wageMin: '9000', wageMax: '6000', validUntil: '2020-01-01' }),
      item('b-5', { status: 'WITHDRAWN' }),
      item('b-0', { jobTitle: 'again' }),
      item('b-7', { status: 'EXPIRED' }),
    ];
    const res = await sync(items);
    expect(res.errors).toBeUndefined();
    const payload = res.data.syncPostDemands;
    expect(payload).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 6, userErrors: [] });
    const fields = (i: number) => payload.results[i].userErrors.map((e: { field: string[] }) => e.field.join('.'));
    expect(payload.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'CREATED', 'REJECTED', 'REJECTED']);
    expect(fields(1)).toEqual(['input.items.1.headcount']);
    expect(payload.results[2].userErrors).toEqual([expect.objectContaining({ field: ['input', 'items', '2', 'enterpriseCreditCode'], code: 'INVALID_CREDIT_CODE' })]);
    expect(payload.results[3].userErrors).toEqual([expect.objectContaining({ field: ['input', 'items', '3', 'regionCode'], code: 'FORBIDDEN' })]);
    expect(fields(4).sort()).toEqual(['input.items.4.occupationCode', 'input.items.4.validUntil', 'input.items.4.wageMax']);
    expect(payload.results[6].userErrors).toEqual([expect.objectContaining({ field: ['input', 'items', '6', 'externalId'], code: 'DUPLICATE' })]);
    expect(fields(7)).toEqual(['input.items.7.status']);
    expect(payload.results[1].postDemandId).toBeNull();

    const stored = await db().query(`SELECT external_id, status FROM post_demand WHERE external_id LIKE 'b-%' ORDER BY external_id`);
    expect(stored).toEqual([{ external_id: 'b-0', status: 'OPEN' }, { external_id: 'b-5', status: 'WITHDRAWN' }]);
  });

  it('answers five concurrent replays of one batch under one Idempotency-Key once: no duplicates, the same answer', async () => {
    const items = Array.from({ length: 50 }, (_, i) => item(`c-${i}`, { enterpriseCreditCode: creditCode(100 + (i % 7)), enterpriseName: `大连协同制造${i % 7}号有限公司` }));
    const before = await count(`SELECT count(*)::int AS n FROM post_demand_change`);
    const answers = await Promise.all(Array.from({ length: 5 }, () => sync(items, { key: 'batch-2026-03-01-c' })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const payloads = answers.map((a) => a.data.syncPostDemands);
    expect(payloads.filter((p) => !p.replayed)).toHaveLength(1);
    const strip = ({ replayed: _replayed, ...rest }: Record<string, unknown>) => rest;
    for (const p of payloads) expect(strip(p)).toEqual(strip(payloads[0]));
    expect(payloads[0]).toMatchObject({ created: 50, rejected: 0 });

    expect(await count(`SELECT count(*)::int AS n FROM post_demand WHERE external_id LIKE 'c-%'`)).toBe(50);
    expect(await count(`SELECT count(*)::int AS n FROM enterprise WHERE credit_code = ANY($1)`, [Array.from({ length: 7 }, (_, i) => creditCode(100 + i))])).toBe(7);
    expect(await count(`SELECT count(*)::int AS n FROM post_demand_change`)).toBe(before + 50);
    expect(await count(`SELECT count(*)::int AS n FROM sync_request WHERE idempotency_key = 'batch-2026-03-01-c'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'SYNC' AND changes->>'idempotencyKey' = 'batch-2026-03-01-c'`)).toBe(1);

    // Without a key, concurrent copies still cannot duplicate a line: one creates, the others find it.
    const racing = Array.from({ length: 20 }, (_, i) => item(`d-${i}`));
    const plain = await Promise.all(Array.from({ length: 5 }, () => sync(racing)));
    expect(plain.map((a) => a.data.syncPostDemands.created).reduce((x: number, y: number) => x + y, 0)).toBe(20);
    expect(await count(`SELECT count(*)::int AS n FROM post_demand WHERE external_id LIKE 'd-%'`)).toBe(20);
  });

  it('refuses the same Idempotency-Key with a different body and writes nothing', async () => {
    const first = await sync([item('e-1')], { key: 'key-e' });
    expect(first.data.syncPostDemands.created).toBe(1);
    const changed = await sync([item('e-1', { headcount: 9, updatedAt: '2026-03-05T00:00:00Z' }), item('e-2')], { key: 'key-e' });
    expect(changed.errors).toBeUndefined();
    expect(changed.data.syncPostDemands).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: 0, results: [], replayed: false });
    expect(changed.data.syncPostDemands.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: null })]);
    expect(await count(`SELECT count(*)::int AS n FROM post_demand WHERE external_id IN ('e-1', 'e-2') AND headcount = 3`)).toBe(1);
    // The original body under the key still replays; a new key is a new request.
    expect((await sync([item('e-1')], { key: 'key-e' })).data.syncPostDemands).toMatchObject({ created: 1, replayed: true });
    expect((await sync([item('e-1', { headcount: 9, updatedAt: '2026-03-05T00:00:00Z' })], { key: 'key-e2' })).data.syncPostDemands).toMatchObject({ updated: 1 });
  });

  it('syncs only its own source in its own region; ADMIN syncs any source in its region; other roles are refused', async () => {
    const foreign = await sync([item('f-1')], { source: 'shenyang-hr-market' });
    expect(foreign.data.syncPostDemands.userErrors).toEqual([expect.objectContaining({ field: ['input', 'source'], code: 'FORBIDDEN' })]);

    const admin = await sync([item('f-1'), item('f-2', { regionCode: '210102' })], { source: 'shenyang-hr-market', token: await app.token(Role.ADMIN) });
    expect(admin.data.syncPostDemands).toMatchObject({ created: 1, rejected: 1 });
    expect(admin.data.syncPostDemands.results[1].userErrors[0]).toMatchObject({ field: ['input', 'items', '1', 'regionCode'], code: 'FORBIDDEN' });

    // An agency whose key names another region cannot touch lines the source keeps in Dalian.
    const shenyang = await sync([item('f-1', { updatedAt: '2026-04-01T00:00:00Z', regionCode: '210102' })], {
      source: 'shenyang-hr-market',
      token: await app.token(Role.AGENCY, { agency: 'shenyang-hr-market', region: '210100' }),
    });
    expect(shenyang.data.syncPostDemands.results[0]).toMatchObject({ status: 'REJECTED', userErrors: [expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'items', '0', 'externalId'] })] });
    expect(await count(`SELECT count(*)::int AS n FROM post_demand WHERE source = 'shenyang-hr-market' AND region_code = '210211'`)).toBe(1);

    const counsellor = await sync([item('f-3')], { token: await app.token(Role.COUNSELLOR) });
    expect(counsellor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(SYNC, { input: { source: 'dalian-hr-market', items: [item('f-3')] } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const { key, prefix, hash } = generateApiKey();
    await db().getRepository(ApiKey).save({ keyHash: hash, prefix, agency: 'dalian-hr-market', regionCode: '210200' });
    const viaKey = await sync([item('f-4')], { headers: { 'x-api-key': key } });
    expect(viaKey.data.syncPostDemands).toMatchObject({ created: 1 });
  });

  it('refuses more than 1,000 items as a whole', async () => {
    const res = await sync(Array.from({ length: 1001 }, (_, i) => item(`g-${i}`)));
    expect(res.errors).toBeUndefined();
    expect(res.data.syncPostDemands).toMatchObject({ created: 0, rejected: 0, results: [] });
    expect(res.data.syncPostDemands.userErrors).toEqual([expect.objectContaining({ field: ['input', 'items'], code: 'INVALID' })]);
    expect(await count(`SELECT count(*)::int AS n FROM post_demand WHERE external_id LIKE 'g-%'`)).toBe(0);
  });

  it('costs the same number of SQL statements for a batch of 10 and a batch of 1,000 items', async () => {
    const batch = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => item(`${prefix}-${i}`, { enterpriseCreditCode: creditCode(1000 + (i % 300)), enterpriseName: `大连规模测试${i % 300}号有限公司`, regionCode: i % 2 ? '210211' : '210213' }));
    const withLines = `mutation($input: SyncPostDemandsInput!) { syncPostDemands(input: $input) {
      created updated results { status postDemand { id externalId status enterprise { name } occupation { name } } } } }`;
    const send = (items: Record<string, unknown>[], key: string) => app.gql(withLines, { input: { source: 'dalian-hr-market', items } }, { token: agency, headers: { 'idempotency-key': key } });
    const small = await send(batch('h', 10), 'h-small');
    const large = await send(batch('i', 1000), 'i-large');
    expect(large.errors).toBeUndefined();
    expect(small.data.syncPostDemands.created).toBe(10);
    expect(large.data.syncPostDemands.created).toBe(1000);
    expect(large.extensions?.sqlQueries).toBeGreaterThan(0);
    expect(large.extensions?.sqlQueries).toBe(small.extensions?.sqlQueries);
    // Updating them all again costs the same too.
    expect(large.data.syncPostDemands.results[999].postDemand).toMatchObject({ externalId: 'i-999', status: 'OPEN', enterprise: { name: '大连规模测试99号有限公司' } });
    const update = await send(batch('i', 1000).map((it) => ({ ...it, updatedAt: '2026-03-09T00:00:00Z' })), 'i-update');
    expect(update.data.syncPostDemands.updated).toBe(1000);
    expect(update.extensions?.sqlQueries).toBe(small.extensions?.sqlQueries);
  });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a bureau loading a post-demand spreadsheet from the command line', () => {
  let app: TestPlatform;
  let tmp: string;
  let env: Record<string, string>;
  const db = () => app.platform.infrastructure.dataSource;
  const HEADER = 'externalId,updatedAt,enterpriseCreditCode,enterpriseName,occupationCode,jobTitle,headcount,skillLevel,wageMin,wageMax,regionCode,tasks,validUntil,status';

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it in pretest)`);
    app = await startTestPlatform();
    tmp = mkdtempSync(join(tmpdir(), 'csv-import-'));
    env = cliEnv(app, join(tmp, 'data'));
  });
  afterAll(async () => {
    await app?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('imports the good rows of a UTF-8 file (BOM, CRLF, quoted line breaks) and names each bad row by its line', async () => {
    const c1 = creditCode(501);
    const lines = [
      HEADER,
      `csv-1,2026-03-01 09:00,${c1},大连渔港冷链物流有限公司,4-02-06-03,冷库管理员,2,JUNIOR,4500,5500,210213,"负责冷库出入库；
夜间巡检",2099/12/31,`,
      '',
      `csv-2,2026-03-01T01:00:00Z,${c1},大连渔港冷链物流有限公司,4-02-06-03,叉车司机,1,INTERMEDIATE,5000,6500,210213,,2099-12-31,OPEN`,
      `csv-3,2026-03-01 09:00,${c1},大连渔港冷链物流有限公司,4-02-06-03,装卸工,many,JUNIOR,4000,4500,210213,,2099-12-31,`,
      `csv-4,yesterday,91210200MA0000001X,无效企业,4-02-06-03,理货员,1,JUNIOR,4000,4500,999999,,2099-12-31,`,
      `csv-5,2026-03-01 09:00,${c1},大连渔港冷链物流有限公司,4-02-06-03`,
      `csv-6,2026-03-01 09:00,${c1},大连渔港冷链物流有限公司,4-02-06-03,分拣员,4,JUNIOR,4000,4800,210213,,2099-12-31,FILLED`,
      `csv-7,2026-03-01 09:00,${c1},大连渔港冷链物流有限公司,4-02-06-03,包装工,1,JUNIOR,4000,4500,210213,,2099-13-01,`,
    ];
    const file = join(tmp, 'demand-utf8.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]));

    const run = await cli(['import', 'post-demands', file, '--source', 'dalian-bureau-sheet'], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/^post-demands: 7 rows, 3 created, 0 updated, 0 unchanged, 4 rejected \(utf8, \d+ ms, \d+ rows\/s\)$/m);
    expect(run.stderr).toContain(`${file}:6 [headcount] INVALID:`);
    expect(run.stderr).toContain(`${file}:7 [updatedAt] INVALID:`);
    expect(run.stderr).toContain(`${file}:7 [enterpriseCreditCode] INVALID_CREDIT_CODE:`);
    expect(run.stderr).toContain(`${file}:7 [regionCode]`);
    expect(run.stderr).toContain(`${file}:8 INVALID: the row does not have`);
    expect(run.stderr).toContain(`${file}:10 [validUntil] INVALID:`);
    for (const good of [2, 3, 4, 5, 9]) expect(run.stderr).not.toContain(`${file}:${good} `);

    const stored = await db().query(`SELECT external_id, tasks, valid_until::text AS valid_until, status, source_updated_at FROM post_demand WHERE source = 'dalian-bureau-sheet' ORDER BY external_id`);
    expect(stored.map((r: { external_id: string }) => r.external_id)).toEqual(['csv-1', 'csv-2', 'csv-6']);
    expect(stored[0]).toMatchObject({ tasks: '负责冷库出入库；\n夜间巡检', valid_until: '2099-12-31', status: 'OPEN' });
    expect(new Date(stored[0].source_updated_at).toISOString()).toBe('2026-03-01T01:00:00.000Z'); // 09:00 China time
    expect(stored[2].status).toBe('FILLED');

    // The same file again: the good rows are unchanged.
    const again = await cli(['import', 'post-demands', file, '--source', 'dalian-bureau-sheet'], env);
    expect(again.stdout).toMatch(/7 rows, 0 created, 0 updated, 3 unchanged, 4 rejected/);
  });

  it('streams a file of several batches, written two at a time, and still names the right lines', async () => {
    // Three batches of 5,000 rows, with bad rows in the second and the third.
    const rows = Array.from({ length: 12000 }, (_, i) => {
      const headcount = i === 6233 || i === 11399 ? '0' : String(1 + (i % 9));
      return `big-${i},2026-03-01T00:00:00Z,${creditCode(600 + (i % 40))},大连批量导入${i % 40}号有限公司,6-18-01-01,数控车工,${headcount},SENIOR,6000,8000,210211,,2099-12-31,`;
    });
    const file = join(tmp, 'demand-big.csv');
    writeFileSync(file, [HEADER, ...rows].join('\n'));
    const run = await cli(['import', 'post-demands', file, '--source', 'big-sheet'], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/12000 rows, 11998 created, 0 updated, 0 unchanged, 2 rejected/);
    expect(run.stderr.trim().split('\n').sort()).toEqual([expect.stringContaining(`${file}:11401 [headcount]`), expect.stringContaining(`${file}:6235 [headcount]`)]);
    const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM post_demand WHERE source = 'big-sheet'`);
    expect(n).toBe(11998);
  });

  it('detects a GBK file, or takes --encoding, and reads its Chinese text correctly', async () => {
    const run = await cli(['import', 'post-demands', GBK_FIXTURE, '--source', 'gbk-sheet'], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/3 rows, 2 created, 0 updated, 0 unchanged, 1 rejected \(gbk,/);
    expect(run.stderr).toContain(`${GBK_FIXTURE}:4 [headcount] INVALID:`);
    const rows = await db().query(`SELECT p.job_title, p.tasks, e.name FROM post_demand p JOIN enterprise e ON e.id = p.enterprise_id WHERE p.source = 'gbk-sheet' ORDER BY p.external_id`);
    expect(rows[0]).toEqual({ job_title: '数控车工（夜班）', tasks: '操作数控车床，加工轴类零件', name: '大连甘井子数控加工有限公司' });
    expect(rows[1].name).toBe('大连金普新区颐养护理中心');

    const forced = await cli(['import', 'post-demands', GBK_FIXTURE, '--source', 'gbk-sheet', '--encoding', 'gbk'], env);
    expect(forced.stdout).toMatch(/3 rows, 0 created, 0 updated, 2 unchanged, 1 rejected \(gbk,/);
    const wrong = await cli(['import', 'post-demands', GBK_FIXTURE, '--source', 'gbk-sheet', '--encoding', 'utf8'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/not valid UTF-8.*--encoding gbk/);
  });

  it('refuses a file without the required columns, and bad flags, with exit code 2', async () => {
    const file = join(tmp, 'no-columns.csv');
    writeFileSync(file, 'externalId,jobTitle\nx-1,焊工\n');
    const run = await cli(['import', 'post-demands', file, '--source', 'dalian-bureau-sheet'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no-columns\.csv:1: missing columns updatedAt, enterpriseCreditCode/);
    expect((await cli(['import', 'post-demands', file], env)).code).toBe(2);
    expect((await cli(['import', 'post-demands', join(tmp, 'absent.csv'), '--source', 'x-sheet'], env)).stderr).toMatch(/cannot read the file/);
  });
});

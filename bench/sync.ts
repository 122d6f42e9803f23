/**
 * `npm run bench -- sync`: bulk post-demand sync on a fresh DATA_DIR, all with the same generated
 * rows: the raw PostgreSQL baseline (COPY into a staging table, then INSERT … ON CONFLICT),
 * `syncPostDemands` over GraphQL from concurrent clients, the time until the search index has every
 * row against Meilisearch alone indexing the same documents, the CSV import through the CLI, and the
 * SQL statements per sync batch.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, type Connection } from 'pg';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import {
  cliToken,
  consoleTable,
  cpuMeter,
  cpuPercent,
  embeddedMeili,
  embeddedPids,
  embeddedProcesses,
  fmt,
  fmtInt,
  fmtSeconds,
  httpRequest,
  keepAliveAgent,
  markdownTable,
  percentile,
  progress,
  readRssKiB,
  runCli,
  RssSampler,
  SERVER_SCRIPT,
  sleep,
  startServer,
  stopServer,
  type ServerHandle,
  UsageError,
  positive,
  benchOptions,
  benchDataDir,
  embeddedPostgresUrl,
} from './lib';

export const SYNC_USAGE = `sync [--rows N] [--batch N] [--clients N] [--keep]
      boot the server on a fresh DATA_DIR (demo data), generate --rows post-demand lines (default
      200,000) and load them four ways: raw COPY + INSERT … ON CONFLICT (baseline), syncPostDemands
      in --batch item batches (default 1,000) from --clients concurrent clients (default 2) with
      the time until the search index has them all vs Meilisearch alone, and the CSV import (CLI).
      --keep: keep the temporary DATA_DIR and server log.`;

const CSV_HEADER = 'externalId,updatedAt,enterpriseCreditCode,enterpriseName,occupationCode,jobTitle,headcount,skillLevel,wageMin,wageMax,regionCode,tasks,validUntil,status';
const SKILL_LEVELS = ['JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN', 'SENIOR_TECHNICIAN'];
const TITLES = ['数控车工', '焊工', '电工', '养老护理员', '叉车司机', '仓库管理员', '数据标注员', '网约配送员', '机修钳工', '化工操作工'];
const TASKS = ['按图纸加工零件，保证尺寸精度', '负责设备日常点检与保养', '照护失能半失能老人起居', '仓储出入库与盘点', '完成数据采集、清洗与标注'];

interface Row {
  externalId: string;
  updatedAt: string;
  enterpriseCreditCode: string;
  enterpriseName: string;
  occupationCode: string;
  jobTitle: string;
  headcount: number;
  skillLevel: string;
  wageMin: string;
  wageMax: string;
  regionCode: string;
  tasks: string;
  validUntil: string;
}

/** `rows` lines of `enterprises` employers (credit codes `91210200M` + `pool` letter + seven digits). */
function generateRows(n: number, pool: string, occupations: string[], regions: string[], validUntil: string, idPrefix = 'ext'): Row[] {
  const enterprises = Math.max(1, Math.round(n / 100));
  const base = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const e = i % enterprises;
    const body = `91210200M${pool}${String(e).padStart(7, '0')}`;
    const wage = 4000 + (i % 40) * 100;
    return {
      externalId: `${idPrefix}-${String(i).padStart(7, '0')}`,
      updatedAt: new Date(base + i * 1000).toISOString(),
      enterpriseCreditCode: body + creditCodeCheckCharacter(body),
      enterpriseName: `大连${pool}${e}号制造有限公司`,
      occupationCode: occupations[i % occupations.length],
      jobTitle: `${TITLES[i % TITLES.length]}（${(i % 50) + 1}号岗）`,
      headcount: 1 + (i % 20),
      skillLevel: SKILL_LEVELS[i % SKILL_LEVELS.length],
      wageMin: `${wage}.00`,
      wageMax: `${wage + 2000}.00`,
      regionCode: regions[i % regions.length],
      tasks: TASKS[i % TASKS.length],
      validUntil,
    };
  });
}

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csvLine = (r: Row, extra: (string | number)[] = []) =>
  [r.externalId, r.updatedAt, r.enterpriseCreditCode, r.enterpriseName, r.occupationCode, r.jobTitle, r.headcount, r.skillLevel, r.wageMin, r.wageMax, r.regionCode, r.tasks, r.validUntil, ...extra]
    .map(csvField)
    .join(',');

/** `COPY … FROM STDIN` with the `pg` client's own protocol hooks (what pg-copy-streams does), no extra dependency. */
function copyFrom(client: Client, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: unknown;
    const submittable = {
      submit(connection: Connection & { query(text: string): void }) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: Connection & { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }) {
        for (let offset = 0; offset < data.length; offset += 64 * 1024) connection.sendCopyFromChunk(data.subarray(offset, offset + 64 * 1024));
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleError(err: unknown) {
        failed = err;
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve();
      },
    };
    void client.query(submittable as never);
  });
}

async function baseline(client: Client, rows: Row[], source: string): Promise<{ ms: number; copyMs: number; upsertMs: number }> {
  await client.query(`CREATE TEMP TABLE staging (
    external_id text, updated_at timestamptz, credit_code char(18), enterprise_name text, occupation_code varchar(10), job_title text,
    headcount int, skill_level skill_level, wage_min numeric(12,2), wage_max numeric(12,2), region_code char(6), tasks text, valid_until date)`);
  const data = Buffer.from(rows.map((r) => csvLine(r)).join('\n') + '\n', 'utf8');
  const started = performance.now();
  await copyFrom(client, 'COPY staging FROM STDIN (FORMAT csv)', data);
  const copied = performance.now();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO enterprise (credit_code, name, region_code, version)
     SELECT DISTINCT ON (credit_code) credit_code, enterprise_name, region_code, 1 FROM staging ORDER BY credit_code
     ON CONFLICT (credit_code) DO NOTHING`,
  );
  await client.query(
    `INSERT INTO post_demand AS p (source, external_id, enterprise_id, occupation_code, job_title, headcount, skill_level, wage_min, wage_max,
                                   region_code, tasks, valid_until, status, source_updated_at, version)
     SELECT $1, s.external_id, e.id, s.occupation_code, s.job_title, s.headcount, s.skill_level, s.wage_min, s.wage_max,
            s.region_code, s.tasks, s.valid_until, 'OPEN', s.updated_at, 1
       FROM staging s JOIN enterprise e ON e.credit_code = s.credit_code
     ON CONFLICT (source, external_id) WHERE source IS NOT NULL DO UPDATE SET
       enterprise_id = EXCLUDED.enterprise_id, occupation_code = EXCLUDED.occupation_code, job_title = EXCLUDED.job_title,
       headcount = EXCLUDED.headcount, skill_level = EXCLUDED.skill_level, wage_min = EXCLUDED.wage_min, wage_max = EXCLUDED.wage_max,
       region_code = EXCLUDED.region_code, tasks = EXCLUDED.tasks, valid_until = EXCLUDED.valid_until, status = EXCLUDED.status,
       source_updated_at = EXCLUDED.source_updated_at, updated_at = now(), version = p.version + 1
     WHERE EXCLUDED.source_updated_at > p.source_updated_at`,
    [source],
  );
  await client.query('COMMIT');
  const done = performance.now();
  await client.query('DROP TABLE staging');
  return { ms: done - started, copyMs: copied - started, upsertMs: done - copied };
}

interface BatchResult {
  ms: number;
  sqlQueries: number;
}

const SYNC_MUTATION = 'mutation($input: SyncPostDemandsInput!) { syncPostDemands(input: $input) { created updated unchanged rejected userErrors { code message } } }';

async function sendBatch(url: string, body: string, token: string, key: string, agent: ReturnType<typeof keepAliveAgent>, expected: number): Promise<BatchResult> {
  const t0 = performance.now();
  const res = await httpRequest(url, { body, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, agent, timeoutMs: 120_000 });
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 300)}`);
  const json = JSON.parse(res.body) as {
    data?: { syncPostDemands: { created: number; updated: number; unchanged: number; rejected: number; userErrors: { message: string }[] } };
    errors?: { message: string }[];
    extensions?: { sqlQueries?: number };
  };
  if (json.errors?.length) throw new Error(json.errors.map((e) => e.message).join('; '));
  const p = json.data!.syncPostDemands;
  if (p.userErrors.length) throw new Error(p.userErrors.map((e) => e.message).join('; '));
  if (p.created + p.updated + p.unchanged !== expected || p.rejected) throw new Error(`batch ${key}: ${JSON.stringify(p)}`);
  return { ms, sqlQueries: json.extensions?.sqlQueries ?? NaN };
}

async function meili<T>(base: { url: string; masterKey: string }, method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<T> {
  const res = await httpRequest(`${base.url}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${base.masterKey}` },
    timeoutMs,
  });
  if (res.status >= 300) throw new Error(`Meilisearch ${method} ${path}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

async function waitTask(base: { url: string; masterKey: string }, taskUid: number, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await meili<{ status: string; error?: { message: string } }>(base, 'GET', `/tasks/${taskUid}`);
    if (task.status === 'succeeded') return;
    if (task.status === 'failed' || task.status === 'canceled') throw new Error(`Meilisearch task ${taskUid} ${task.status}: ${task.error?.message ?? ''}`);
    if (Date.now() > deadline) throw new Error(`Meilisearch task ${taskUid} not done within ${timeoutMs} ms`);
    await sleep(20);
  }
}


export async function syncBench(argv: string[]): Promise<number> {
  const values = benchOptions(argv, SYNC_USAGE, {
    rows: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  });
  if (!values) return 0;
  const total = positive('--rows', values.rows, 5_000_000);
  const batchSize = positive('--batch', values.batch, 1000);
  const clients = positive('--clients', values.clients, 64);
  const command = ['npm run bench -- sync', ...argv].join(' ');
  const loadAtStart = loadavg()[0];
  try {
    readFileSync(SERVER_SCRIPT);
  } catch {
    throw new UsageError(`${SERVER_SCRIPT} not found (run the build first)`);
  }

  const { dataDir, logFile } = benchDataDir('sync');
  let server: ServerHandle | undefined;
  let pg: Client | undefined;
  const seenPids = new Set<number>();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    progress('interrupted; stopping the server');
    server?.child.kill('SIGTERM');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    progress('booting the server (embedded PostgreSQL + Meilisearch, demo data)…');
    server = await startServer({ dataDir, logFile, env: { DEMO_DATA: 'true', NODE_ENV: 'development' } });
    const pids = embeddedPids(dataDir);
    for (const pid of [pids.postgres, pids.meilisearch]) if (pid) seenPids.add(pid);
    pg = new Client({ connectionString: embeddedPostgresUrl(dataDir), application_name: 'bench-sync' });
    await pg.connect();
    const occupations = (await pg.query(`SELECT code FROM occupation WHERE code NOT LIKE '%-00-00-00' ORDER BY code`)).rows.map((r) => r.code as string);
    const regions = (await pg.query(`SELECT code FROM region WHERE code LIKE '2102%' AND code <> '210200' ORDER BY code`)).rows.map((r) => (r.code as string).trim());
    const validUntil = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
    if (!occupations.length || !regions.length) throw new Error('no occupations or Dalian regions in the database');
    const rows = generateRows(total, 'B', occupations, regions, validUntil);
    const agencyToken = await cliToken(dataDir, ['--role', 'AGENCY', '--agency', 'bench-agency', '--region', '210200', '--expires', '6h']);

    // 1. Baseline: raw COPY into a staging table + one INSERT … ON CONFLICT, then removed again.
    progress(`baseline: COPY ${fmtInt(total)} rows into a staging table + INSERT … ON CONFLICT…`);
    const enterprisesBefore = Number((await pg.query('SELECT coalesce(max(id), 0) AS id FROM enterprise')).rows[0].id);
    const base = await baseline(pg, rows, 'bench-baseline');
    const baseRate = total / (base.ms / 1000);
    progress(`baseline: ${fmtSeconds(base.ms)} (COPY ${fmtSeconds(base.copyMs)}, upsert ${fmtSeconds(base.upsertMs)}) = ${fmtInt(baseRate)} rows/s; removing its rows`);
    await pg.query(`DELETE FROM post_demand WHERE source = 'bench-baseline'`);
    await pg.query(`DELETE FROM enterprise WHERE id > $1`, [enterprisesBefore]);
    await pg.query('VACUUM ANALYZE post_demand');
    await pg.query('VACUUM ANALYZE enterprise');
    if (interrupted) return 130;

    // 2. GraphQL syncPostDemands, `clients` concurrent clients pulling batches from one queue.
    const bodies: string[] = [];
    for (let i = 0; i < total; i += batchSize) {
      bodies.push(JSON.stringify({ query: SYNC_MUTATION, variables: { input: { source: 'bench-agency', items: rows.slice(i, i + batchSize) } } }));
    }
    const maxBody = Math.max(...bodies.map((b) => Buffer.byteLength(b)));
    progress(`GraphQL: ${bodies.length} batches of ${batchSize} (largest body ${fmt(maxBody / 1024, 0)} KiB) from ${clients} clients…`);
    const meiliBase = embeddedMeili(dataDir);
    const groups = { server: [server.pid], meilisearch: [meiliBase.pid], postgres: embeddedProcesses(dataDir).filter((p) => p.comm.startsWith('postgres')).map((p) => p.pid) };
    const sampler = new RssSampler(server.pid, 250).start();
    const meter = cpuMeter(groups);
    const agent = keepAliveAgent(clients);
    const results: BatchResult[] = [];
    let next = 0;
    const syncStarted = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < bodies.length && !interrupted) {
          const i = next++;
          results[i] = await sendBatch(server!.graphqlUrl, bodies[i], agencyToken, `bench-${i}`, agent, Math.min(batchSize, total - i * batchSize));
        }
      }),
    );
    const syncMs = performance.now() - syncStarted;
    const syncCpu = cpuPercent(meter.stop());
    sampler.pause();
    agent.destroy();
    const syncRate = total / (syncMs / 1000);
    const latencies = Float64Array.from(results.map((r) => r.ms)).sort();
    const sqlPerBatch = [...new Set(results.map((r) => r.sqlQueries))];
    progress(`GraphQL: ${fmtSeconds(syncMs)} = ${fmtInt(syncRate)} rows/s; SQL statements per batch ${sqlPerBatch.join(', ')}`);
    if (interrupted) return 130;

    // 3. Search catch-up: outbox empty for postDemands and every synced row in Meilisearch.
    const { results: indexes } = await meili<{ results: { uid: string }[] }>(meiliBase, 'GET', '/indexes?limit=100');
    const liveUid = indexes.find((i) => i.uid.endsWith('postDemands'))?.uid;
    const expectedDocs = Number((await pg.query(`SELECT count(*) AS n FROM post_demand`)).rows[0].n);
    /** Until the outbox has nothing for postDemands and Meilisearch holds `want` documents: the time it took, or why not. */
    const waitForIndex = async (want: number, since: number): Promise<{ ms: number; note: string }> => {
      for (const deadline = Date.now() + 30 * 60_000; ; ) {
        const pending = Number((await pg!.query(`SELECT count(*) AS n FROM search_outbox WHERE index_name = 'postDemands'`)).rows[0].n);
        const uid = liveUid ?? (await meili<{ results: { uid: string }[] }>(meiliBase, 'GET', '/indexes?limit=100')).results.find((i) => i.uid.endsWith('postDemands'))?.uid;
        const docs = uid ? (await meili<{ numberOfDocuments: number }>(meiliBase, 'GET', `/indexes/${uid}/stats`)).numberOfDocuments : 0;
        if (pending === 0 && docs >= want) return { ms: performance.now() - since, note: '' };
        if (Date.now() > deadline || interrupted) return { ms: NaN, note: `not caught up after 30 min: ${pending} outbox rows pending, ${docs} documents` };
        await sleep(100);
      }
    };
    progress(`waiting for the search index (${fmtInt(expectedDocs)} post-demand lines)…`);
    const { ms: caughtUpMs, note: indexNote } = await waitForIndex(expectedDocs, syncStarted);
    const uid = liveUid ?? (await meili<{ results: { uid: string }[] }>(meiliBase, 'GET', '/indexes?limit=100')).results.find((i) => i.uid.endsWith('postDemands'))?.uid;
    progress(Number.isFinite(caughtUpMs) ? `index caught up ${fmtSeconds(caughtUpMs)} after the sync started (${fmtSeconds(caughtUpMs - syncMs)} after its last commit)` : indexNote);

    // 4. Meilisearch alone: the same documents into a fresh index with the same settings.
    let meiliAloneMs = NaN;
    if (uid && Number.isFinite(caughtUpMs)) {
      progress('Meilisearch alone: exporting the documents, then indexing them into a fresh index…');
      const documents: unknown[] = [];
      for (let offset = 0; ; offset += 10_000) {
        const page = await meili<{ results: unknown[] }>(meiliBase, 'GET', `/indexes/${uid}/documents?limit=10000&offset=${offset}`);
        documents.push(...page.results);
        if (page.results.length < 10_000) break;
      }
      const settings = await meili<Record<string, unknown>>(meiliBase, 'GET', `/indexes/${uid}/settings`);
      const direct = 'bench_direct_postDemands';
      await meili(meiliBase, 'DELETE', `/indexes/${direct}`).catch(() => undefined);
      await waitTask(meiliBase, (await meili<{ taskUid: number }>(meiliBase, 'POST', '/indexes', { uid: direct, primaryKey: 'id' })).taskUid);
      await waitTask(meiliBase, (await meili<{ taskUid: number }>(meiliBase, 'PATCH', `/indexes/${direct}/settings`, settings)).taskUid);
      const bodiesDirect: string[] = [];
      for (let i = 0; i < documents.length; i += 10_000) bodiesDirect.push(JSON.stringify(documents.slice(i, i + 10_000)));
      const t0 = performance.now();
      let last = 0;
      for (const body of bodiesDirect) {
        const res = await httpRequest(`${meiliBase.url}/indexes/${direct}/documents?primaryKey=id`, { body, headers: { authorization: `Bearer ${meiliBase.masterKey}` }, timeoutMs: 120_000 });
        if (res.status >= 300) throw new Error(`Meilisearch add documents: HTTP ${res.status} ${res.body.slice(0, 200)}`);
        last = (JSON.parse(res.body) as { taskUid: number }).taskUid;
      }
      await waitTask(meiliBase, last);
      meiliAloneMs = performance.now() - t0;
      await meili(meiliBase, 'DELETE', `/indexes/${direct}`).catch(() => undefined);
      progress(`Meilisearch alone: ${fmtInt(documents.length)} documents in ${fmtSeconds(meiliAloneMs)}`);
    }
    if (interrupted) return 130;

    // 5. CSV import through the CLI (new rows of a new source and new enterprises, like the baseline).
    const csvRows = generateRows(total, 'C', occupations, regions, validUntil);
    const csvFile = join(dataDir, 'post-demands.csv');
    writeFileSync(csvFile, CSV_HEADER + '\n' + csvRows.map((r) => csvLine(r, [''])).join('\n') + '\n');
    progress(`CSV import of ${fmtInt(total)} rows through the CLI…`);
    const imported = await runCli(dataDir, ['import', 'post-demands', csvFile, '--source', 'bench-csv'], 30 * 60_000);
    if (imported.code !== 0) throw new Error(`CSV import failed (exit ${imported.code}):\n${imported.stderr.slice(0, 2000) || imported.stdout}`);
    const importLine = imported.stdout.trim().split('\n').pop() ?? '';
    const csvRate = total / (imported.ms / 1000);
    progress(importLine);
    progress('waiting for the search index to take the CSV rows too…');
    const csvIndexed = await waitForIndex(expectedDocs + total, performance.now() - imported.ms);

    // 6. SQL statements of a 10-item batch, for comparison with the full batches.
    const small = await sendBatch(server.graphqlUrl, JSON.stringify({ query: SYNC_MUTATION, variables: { input: { source: 'bench-agency', items: generateRows(10, 'D', occupations, regions, validUntil, 'small') } } }), agencyToken, 'bench-small', keepAliveAgent(1), 10);

    const rss = sampler.summary();
    const rssEnd = readRssKiB(server.pid);
    progress('stopping the server…');
    await pg.end();
    pg = undefined;
    const stop = await stopServer(server);
    server = undefined;

    // Report.
    const cpu = cpus();
    const indexGoal = 2 * meiliAloneMs;
    const out: string[] = [];
    out.push('');
    out.push('# sync benchmark');
    out.push(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, load average ${fmt(loadAtStart, 2)} at start; load generator, server, PostgreSQL and Meilisearch share this machine`);
    out.push(`${fmtInt(total)} rows (${fmtInt(Math.round(total / 100))} enterprises, ${occupations.length} occupations, ${regions.length} Dalian districts)`);
    out.push('');
    out.push(
      consoleTable(
        ['measure', 'time', 'rows/s', 'note'],
        [
          ['A baseline: COPY into staging + INSERT … ON CONFLICT', fmtSeconds(base.ms), fmtInt(baseRate), `COPY ${fmtSeconds(base.copyMs)}, enterprises + upsert ${fmtSeconds(base.upsertMs)}; no outbox, feed or audit`],
          [
            `B GraphQL syncPostDemands, ${batchSize}-item batches, ${clients} clients`,
            fmtSeconds(syncMs),
            fmtInt(syncRate),
            `batch p50 ${fmt(percentile(latencies, 50), 0)} / p95 ${fmt(percentile(latencies, 95), 0)} / max ${fmt(latencies[latencies.length - 1], 0)} ms; goal ≥ 10,000 rows/s → ${syncRate >= 10_000 ? 'met' : 'NOT met'}`,
          ],
          ['C CSV import (CLI process, wall clock)', fmtSeconds(imported.ms), fmtInt(csvRate), `${fmt(csvRate / baseRate, 2)} × baseline; goal ≥ 0.5 × → ${csvRate >= 0.5 * baseRate ? 'met' : 'NOT met'}`],
        ],
      ),
    );
    out.push(`CSV: ${importLine}; every CSV row searchable ${Number.isFinite(csvIndexed.ms) ? `${fmtSeconds(csvIndexed.ms)} after the import started` : csvIndexed.note}`);
    out.push(`CPU during B (% of one core): server ${fmt(syncCpu.server, 0)}%, PostgreSQL ${fmt(syncCpu.postgres, 0)}%, Meilisearch ${fmt(syncCpu.meilisearch, 0)}%, bench ${fmt(syncCpu.self, 0)}%, other ${fmt(syncCpu.other, 0)}%`);
    out.push(`SQL statements per sync batch: ${sqlPerBatch.join(', ')} for ${batchSize} items; ${small.sqlQueries} for 10 items`);
    out.push(
      Number.isFinite(caughtUpMs)
        ? `Search: every row searchable ${fmtSeconds(caughtUpMs)} after the sync started (${fmtSeconds(caughtUpMs - syncMs)} after its last commit); Meilisearch alone indexes the same ${fmtInt(expectedDocs)} documents in ${fmtSeconds(meiliAloneMs)}; goal ≤ 2 × = ${fmtSeconds(indexGoal)} → ${caughtUpMs <= indexGoal ? 'met' : 'NOT met'} (${fmt(caughtUpMs / meiliAloneMs, 2)} ×)`
        : `Search: ${indexNote || 'no postDemands index found'}`,
    );
    out.push(`Server RSS during B: peak ${fmt(rss.peakMiB, 0)} MiB, average ${fmt(rss.avgMiB, 0)} MiB; ${rssEnd ? `${fmt(rssEnd / 1024, 0)} MiB at the end` : ''}; stopped in ${fmtSeconds(stop.ms)} (exit ${stop.code ?? stop.signal})`);
    out.push('');
    out.push('## For README.md');
    out.push('');
    out.push(
      markdownTable(
        ['Measure', 'Result'],
        [
          [`Baseline: raw \`COPY\` into a staging table + \`INSERT … ON CONFLICT\`, ${fmtInt(total)} rows`, `${fmtSeconds(base.ms)} = ${fmtInt(baseRate)} rows/s`],
          [`\`syncPostDemands\` over GraphQL, ${batchSize}-item batches, ${clients} clients`, `${fmtSeconds(syncMs)} = ${fmtInt(syncRate)} rows/s (goal ≥ 10,000: ${syncRate >= 10_000 ? 'met' : 'not met'})`],
          [
            'Every row searchable (from the start of the sync) vs Meilisearch alone indexing the same documents',
            Number.isFinite(caughtUpMs) ? `${fmtSeconds(caughtUpMs)} vs ${fmtSeconds(meiliAloneMs)} = ${fmt(caughtUpMs / meiliAloneMs, 2)} × (goal ≤ 2 ×: ${caughtUpMs <= indexGoal ? 'met' : 'not met'})` : indexNote || 'n/a',
          ],
          ['CSV import (`npm run cli -- import post-demands`)', `${fmtSeconds(imported.ms)} = ${fmtInt(csvRate)} rows/s = ${fmt(csvRate / baseRate, 2)} × baseline (goal ≥ 0.5 ×: ${csvRate >= 0.5 * baseRate ? 'met' : 'not met'})`],
          ['SQL statements per sync batch', `${sqlPerBatch.join(', ')} for ${batchSize} items, ${small.sqlQueries} for 10`],
        ],
        ['l', 'l'],
      ),
    );
    out.push('');
    out.push(`Measured with \`${command}\` (node ${process.version}, ${cpu.length} CPUs).`);
    out.push('');
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await pg?.end().catch(() => undefined);
    if (server) await stopServer(server).catch(() => undefined);
    // Anything the server started for this DATA_DIR and left behind: ended by pid.
    for (const p of embeddedProcesses(dataDir)) {
      progress(`killing leftover ${p.comm} ${p.pid}`);
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (values.keep) progress(`kept ${dataDir} (server log: ${logFile})`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

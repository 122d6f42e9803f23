/**
 * `npm run bench -- typeahead`: cold and warm boot of the built server on a fresh DATA_DIR, the real
 * national classification imported through the CLI, then search-as-you-type load against GraphQL
 * and, for comparison, the same search sent straight to Meilisearch; with the server's memory.
 */
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  addCpu,
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
  graphql,
  httpRequest,
  keepAliveAgent,
  markdownTable,
  mergeLoads,
  mib,
  percentile,
  progress,
  readJsonLog,
  readRssKiB,
  runCli,
  runLoad,
  RssSampler,
  sleep,
  startServer,
  stopServer,
  summarize,
  type CpuUsage,
  type LoadResult,
  type LoadSummary,
  type ProcInfo,
  type ServerHandle,
  type StopResult,
  positive,
  benchOptions,
  classificationFiles,
  benchDataDir,
} from './lib';

export const TYPEAHEAD_USAGE = `typeahead [--seconds N] [--clients N] [--warmup N] [--rounds N] [--data DIR] [--keep]
      boot the server on a fresh DATA_DIR (cold, then warm), import the national classification,
      then --seconds (default 15) of typeahead load per side from --clients (default 8) against
      GraphQL and against Meilisearch directly, alternating in --rounds slices (default 3) after
      --warmup seconds (default 3) per side. --data: folder with occupations.csv and
      occupation_details.csv (default ../shared/data); --keep: keep the temporary DATA_DIR and log.`;

/** What a person types into an occupation picker, keystroke by keystroke, plus some full aliases. */
export const TYPEAHEAD_QUERIES: readonly string[] = [
  '人', '人工', '人工智', '人工智能',
  '数', '数标', '数标员',
  'AI', 'AI训', 'AI训练师',
  '养', '养老', '养老护', '养老护理员',
  '数控', '数控车',
  '电', '电工',
  '焊', '焊工',
  '月嫂', '保姆', '家政',
  '快', '快递', '快递员',
  '直', '直播', '网络主播',
  '保安',
  '厨', '厨师',
  '叉车', '叉车司机',
  '网约车', '无人机', '光伏', '育婴', '护士', '收银',
  '4-04-05',
];

const MIN_DOCUMENTS = 1645;
const OCCUPATIONS_QUERY = 'query($q:String){ occupations(query:$q, first:10){ nodes { code name } } }';
const STATUS_QUERY = '{ searchIndexStatus { name pendingChanges documents } }';

interface Boot {
  readyMs: number;
  /** From the server's own log: its `ready` line's bootMs and the embedded services' start times. */
  serverBootMs?: number;
  postgresMs?: number;
  meiliMs?: number;
  rssMiB?: number;
}

interface ShutdownCheck {
  stop: StopResult;
  /** postgres / meilisearch processes of the DATA_DIR still alive right after the server exited. */
  leftoverAtExit: ProcInfo[];
  /** …and still alive 5 s later (they were then killed by pid). */
  leftoverAfterWait: ProcInfo[];
  /** State files of the embedded services still present after the exit (paths relative to DATA_DIR). */
  staleStateFiles: string[];
}

interface SideResult {
  summary: LoadSummary;
  firstErrors: string[];
  /** CPU each process group used during the measured run, as % of one core. */
  cpu: ReturnType<typeof cpuPercent>;
  /** Server-side latency from its access log (`ms` of the /graphql request lines). */
  serverSide?: { p50: number; p95: number; p99: number; sqlPerRequest: number };
}

export async function typeahead(argv: string[]): Promise<number> {
  const values = benchOptions(argv, TYPEAHEAD_USAGE, {
    seconds: { type: 'string', default: '15' },
    clients: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
  });
  if (!values) return 0;
  const seconds = positive('--seconds', values.seconds, 600);
  const clients = positive('--clients', values.clients, 256);
  const warmupSeconds = positive('--warmup', values.warmup, 60, true);
  const rounds = positive('--rounds', values.rounds, 60);
  const { occupationsCsv, detailsCsv } = classificationFiles(values.data);
  const command = ['npm run bench -- typeahead', ...argv].join(' ');
  const loadAtStart = loadavg()[0];

  const { dataDir, logFile } = benchDataDir('typeahead');
  let server: ServerHandle | undefined;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    progress('interrupted; stopping the server');
    if (server) server.child.kill('SIGTERM');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const serverEnv = { DEMO_DATA: 'true', NODE_ENV: 'development' };
  const seenPids = new Set<number>();
  const rememberPids = () => {
    const pids = embeddedPids(dataDir);
    if (pids.postgres) seenPids.add(pids.postgres);
    if (pids.meilisearch) seenPids.add(pids.meilisearch);
  };

  try {
    // 1. Cold boot, shutdown, warm boot.
    progress('cold boot (initdb, Meilisearch, migrations, demo data)…');
    server = await startServer({ dataDir, logFile, env: serverEnv });
    const cold = bootFigures(server, 0);
    rememberPids();
    progress(`ready in ${fmtSeconds(cold.readyMs)}; stopping with SIGTERM…`);
    const firstShutdown = await shutdownAndCheck(server, dataDir);
    const port = server.port;
    server = undefined;
    if (interrupted) return 130;

    progress('warm boot on the same DATA_DIR…');
    const logLinesBeforeWarm = readJsonLog(logFile).length;
    server = await startServer({ dataDir, logFile, env: serverEnv, port });
    const warm = bootFigures(server, logLinesBeforeWarm);
    rememberPids();
    progress(`ready in ${fmtSeconds(warm.readyMs)}`);

    // 2. Import through the CLI in a second process, then wait for the index to settle.
    progress('importing the national classification with the CLI…');
    const importStarted = Date.now();
    const imported = await runCli(dataDir, ['import', 'occupations', occupationsCsv, '--details', detailsCsv]);
    if (imported.code !== 0) throw new Error(`import failed (exit ${imported.code}):\n${imported.stderr || imported.stdout}`);
    const importLine = imported.stdout.trim().split('\n').pop() ?? '';
    progress(importLine);
    const token = await cliToken(dataDir, ['--role', 'ADMIN', '--region', '210000']);
    const settled = await waitForIndex(server.graphqlUrl, token, 180_000);
    const settledMs = Date.now() - importStarted;
    progress(`index settled: ${settled.documents} documents, ${fmtSeconds(settledMs)} after the import started (${fmtSeconds(settledMs - imported.ms)} after the CLI exited)`);

    // 3. Both sides answer the same thing?
    const meili = embeddedMeili(dataDir);
    const agreement = await compareSides(server.graphqlUrl, meili);

    // 4. Load. Each slice of load gets its own keep-alive agent: a connection left idle while the
    // other side runs could meet the server's 5 s keep-alive timeout mid-request.
    const idle = await idleRss(server.pid);
    let agent = keepAliveAgent(clients);
    const graphqlUrl = server.graphqlUrl;
    const graphqlBodies = new Map(TYPEAHEAD_QUERIES.map((q) => [q, JSON.stringify({ query: OCCUPATIONS_QUERY, variables: { q } })]));
    const sendGraphql = async (q: string) => {
      const res = await httpRequest(graphqlUrl, { body: graphqlBodies.get(q)!, agent });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      const json = JSON.parse(res.body) as { data?: { occupations?: { nodes?: unknown[] } }; errors?: { message: string }[] };
      if (json.errors?.length) throw new Error(json.errors.map((e) => e.message).join('; '));
      if (!Array.isArray(json.data?.occupations?.nodes)) throw new Error('no occupations.nodes in the answer');
    };
    const meiliBodies = new Map(TYPEAHEAD_QUERIES.map((q) => [q, meiliSearchBody(q)]));
    const meiliHeaders = { authorization: `Bearer ${meili.masterKey}` };
    const meiliSearchUrl = `${meili.url}/indexes/occupations/search`;
    const sendMeili = async (q: string) => {
      const res = await httpRequest(meiliSearchUrl, { body: meiliBodies.get(q)!, headers: meiliHeaders, agent });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      const json = JSON.parse(res.body) as { hits?: unknown[] };
      if (!Array.isArray(json.hits)) throw new Error('no hits in the answer');
    };

    // The sides alternate in `rounds` slices (A B A B …), so a neighbour's burst of CPU on this
    // machine does not land on one side only.
    const durationMs = seconds * 1000;
    const warmupMs = warmupSeconds * 1000;
    const sliceMs = durationMs / rounds;
    const groups = {
      server: [server.pid],
      meilisearch: [meili.pid],
      postgres: embeddedProcesses(dataDir)
        .filter((p) => p.comm.startsWith('postgres'))
        .map((p) => p.pid),
    };
    if (interrupted) return 130;
    progress(`warm-up: ${warmupSeconds} s per side…`);
    const slice = async (send: (q: string) => Promise<void>, ms: number) => {
      agent.destroy();
      agent = keepAliveAgent(clients);
      return runLoad({ clients, durationMs: ms, inputs: TYPEAHEAD_QUERIES, send });
    };
    if (warmupMs > 0) {
      await slice(sendGraphql, warmupMs);
      await slice(sendMeili, warmupMs);
    }
    const logLinesBeforeLoad = readJsonLog(logFile).length;
    const sampler = new RssSampler(server.pid, 250);
    const runsA: LoadResult[] = [];
    const runsB: LoadResult[] = [];
    let cpuA: CpuUsage | undefined;
    let cpuB: CpuUsage | undefined;
    for (let round = 1; round <= rounds && !interrupted; round++) {
      progress(`round ${round}/${rounds}: ${fmt(sliceMs / 1000, 1)} s GraphQL, then ${fmt(sliceMs / 1000, 1)} s Meilisearch direct, ${clients} clients each…`);
      sampler.start();
      const meterA = cpuMeter(groups);
      runsA.push(await slice(sendGraphql, sliceMs));
      cpuA = addCpu(cpuA, meterA.stop());
      sampler.pause();
      const meterB = cpuMeter(groups);
      runsB.push(await slice(sendMeili, sliceMs));
      cpuB = addCpu(cpuB, meterB.stop());
    }
    agent.destroy();
    if (interrupted || !cpuA || !cpuB) return 130;
    const loadA = mergeLoads(runsA);
    const loadB = mergeLoads(runsB);
    const rss = sampler.summary();
    const sideA: SideResult = {
      summary: summarize(loadA),
      firstErrors: loadA.firstErrors,
      cpu: cpuPercent(cpuA),
      serverSide: serverSideLatency(readJsonLog(logFile).slice(logLinesBeforeLoad)),
    };
    const sideB: SideResult = { summary: summarize(loadB), firstErrors: loadB.firstErrors, cpu: cpuPercent(cpuB) };
    const rssAfterLoadKiB = readRssKiB(server.pid);
    const afterLoadSeconds = sliceMs / 1000;

    // 5. Final shutdown and its check.
    const logEntries = readJsonLog(logFile);
    progress('stopping the server with SIGTERM…');
    const finalShutdown = await shutdownAndCheck(server, dataDir);
    server = undefined;

    // 6. Report.
    const limit = 1.3 * sideB.summary.p95 + 2;
    const pass = sideA.summary.p95 <= limit && sideA.summary.errors === 0 && sideB.summary.errors === 0;
    const out: string[] = [];
    const cpu = cpus();
    out.push('');
    out.push(`# typeahead benchmark`);
    out.push(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${process.platform}, load average ${fmt(loadAtStart, 2)} at start; load generator, server, PostgreSQL and Meilisearch share this machine`);
    out.push('');
    out.push('## Boot (node dist/server/main.js, embedded PostgreSQL + Meilisearch, DEMO_DATA=true)');
    out.push(
      consoleTable(
        ['', 'to /readyz 200', 'server bootMs', 'PostgreSQL start', 'Meilisearch start', 'RSS at ready'],
        [
          ['cold (empty DATA_DIR, initdb)', fmtSeconds(cold.readyMs), ms(cold.serverBootMs), ms(cold.postgresMs), ms(cold.meiliMs), mibOr(cold.rssMiB)],
          ['warm (same DATA_DIR)', fmtSeconds(warm.readyMs), ms(warm.serverBootMs), ms(warm.postgresMs), ms(warm.meiliMs), mibOr(warm.rssMiB)],
        ],
      ),
    );
    out.push('');
    out.push('## Shutdown (SIGTERM)');
    for (const [label, check] of [['after cold boot', firstShutdown], ['at the end', finalShutdown]] as const) {
      out.push(`${label}: ${exitText(check.stop)}; ${leftoverText(check)}`);
    }
    out.push('');
    out.push('## Import (second process: node dist/cli/main.js import occupations …)');
    out.push(`${importLine}`);
    out.push(`CLI process: ${fmtSeconds(imported.ms)}; index settled (pendingChanges 0, ${settled.documents} documents): ${fmtSeconds(settledMs)} after the import started`);
    out.push(`sanity: GraphQL and Meilisearch return the same top-10 codes for ${agreement.same}/${TYPEAHEAD_QUERIES.length} queries; ${agreement.empty} queries find nothing${agreement.differences.length ? `; differ: ${agreement.differences.join(', ')}` : ''}`);
    out.push('');
    out.push(`## Typeahead load (${clients} clients, ${seconds} s per side in ${rounds} alternating slices after a ${warmupSeconds} s warm-up each, ${TYPEAHEAD_QUERIES.length} queries, keep-alive)`);
    out.push(
      consoleTable(
        ['side', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU: server', 'Meili', 'PG', 'bench', 'other'],
        [sideRow('A GraphQL occupations(query, first:10)', sideA), sideRow('B Meilisearch search (direct)', sideB)],
      ),
    );
    out.push(`CPU columns: % of one core during the measured run (${cpu.length} cores = ${cpu.length * 100}%); PG = all PostgreSQL processes, bench = this load generator, other = the rest of the machine (noise when high)`);
    if (sideA.serverSide) {
      out.push(`GraphQL server-side (access log ms): p50 ${fmt(sideA.serverSide.p50, 2)}, p95 ${fmt(sideA.serverSide.p95, 2)}, p99 ${fmt(sideA.serverSide.p99, 2)} ms; ${fmt(sideA.serverSide.sqlPerRequest, 2)} SQL queries per request`);
    }
    for (const [name, side] of [['GraphQL', sideA], ['Meilisearch', sideB]] as const) {
      if (side.firstErrors.length) out.push(`${name} errors, first ones: ${side.firstErrors.join(' | ')}`);
    }
    out.push(
      `goal: GraphQL p95 ${fmt(sideA.summary.p95, 2)} ms ≤ 1.3 × Meilisearch p95 ${fmt(sideB.summary.p95, 2)} ms + 2 ms = ${fmt(limit, 2)} ms → ${pass ? 'PASS' : 'FAIL'}` +
        (sideA.summary.errors || sideB.summary.errors ? ' (errors during the load count as FAIL)' : ''),
    );
    out.push('');
    out.push('## Server memory (VmRSS of the node process)');
    out.push(`idle before load: ${fmt(idle, 1)} MiB; under GraphQL load: peak ${fmt(rss.peakMiB, 1)} MiB, average ${fmt(rss.avgMiB, 1)} MiB (${rss.samples} samples every 250 ms); ${rssAfterLoadKiB === undefined ? '' : `${fmt(mib(rssAfterLoadKiB), 1)} MiB ${fmt(afterLoadSeconds, 0)} s after the last GraphQL slice`}`);
    const problems = logProblems(logEntries);
    out.push('');
    out.push(`## Server log (${logEntries.length} JSON lines)`);
    out.push(problems.length ? problems.map((p) => `${p.count} × ${p.level} "${p.msg}"${p.example ? `: ${p.example}` : ''}`).join('\n') : 'no warn or error lines');
    out.push('');
    out.push('## For README.md');
    out.push('');
    out.push(
      markdownTable(
        ['Measure', 'Result'],
        [
          ['Cold boot, empty `DATA_DIR` (initdb, embedded PostgreSQL + Meilisearch, migrations, demo data) to `/readyz` 200', fmtSeconds(cold.readyMs)],
          ['Warm boot, same `DATA_DIR`', fmtSeconds(warm.readyMs)],
          [
            'Shutdown on SIGTERM; embedded processes left',
            `${fmtSeconds(finalShutdown.stop.ms)}${finalShutdown.stop.code === 0 ? '' : ` (exit ${finalShutdown.stop.code ?? finalShutdown.stop.signal})`}; ${finalShutdown.leftoverAtExit.length === 0 ? 'none' : finalShutdown.leftoverAtExit.length}`,
          ],
          ['Import of the national classification (CLI, second process)', `${fmtSeconds(imported.ms)}; searchable after ${fmtSeconds(settledMs)}`],
          [`Typeahead via GraphQL, ${clients} clients`, `${fmtInt(sideA.summary.rps)} req/s; p50 ${fmt(sideA.summary.p50)} / p95 ${fmt(sideA.summary.p95)} / p99 ${fmt(sideA.summary.p99)} ms; ${sideA.summary.errors} errors`],
          [`Same search sent straight to Meilisearch, ${clients} clients`, `${fmtInt(sideB.summary.rps)} req/s; p50 ${fmt(sideB.summary.p50)} / p95 ${fmt(sideB.summary.p95)} / p99 ${fmt(sideB.summary.p99)} ms; ${sideB.summary.errors} errors`],
          ['Goal: GraphQL p95 ≤ 1.3 × Meilisearch p95 + 2 ms', `${pass ? 'met' : 'NOT met'} (${fmt(sideA.summary.p95)} ≤ ${fmt(limit)} ms)`],
          ['API process memory (RSS): idle / under load (peak)', `${fmt(idle, 0)} MiB / ${fmt(rss.peakMiB, 0)} MiB`],
        ],
        ['l', 'l'],
      ),
    );
    out.push('');
    out.push(`Measured with \`${command}\` (node ${process.version}, ${cpu.length} CPUs, ${seconds} s per side).`);
    out.push('');
    process.stdout.write(out.join('\n') + '\n');
    // A completed measurement exits 0 whatever the goal says; errors exit 1.
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (server) {
      const check = await shutdownAndCheck(server, dataDir).catch(() => undefined);
      if (check && check.leftoverAtExit.length) progress(`after the final stop: ${leftoverText(check)}`);
    }
    // Anything the server started for this DATA_DIR and left behind: ended by pid.
    killLeftovers(dataDir, seenPids);
    if (values.keep) progress(`kept ${dataDir} (server log: ${logFile})`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}


function bootFigures(server: ServerHandle, skipLogLines: number): Boot {
  const entries = readJsonLog(server.logFile).slice(skipLogLines);
  const num = (msg: string, field: string) => {
    const entry = entries.find((e) => e.msg === msg);
    return typeof entry?.[field] === 'number' ? (entry[field] as number) : undefined;
  };
  const rss = readRssKiB(server.pid);
  return {
    readyMs: server.readyMs,
    serverBootMs: num('ready', 'bootMs'),
    postgresMs: num('embedded PostgreSQL started', 'ms'),
    meiliMs: num('embedded Meilisearch started', 'ms'),
    rssMiB: rss === undefined ? undefined : mib(rss),
  };
}

async function shutdownAndCheck(server: ServerHandle, dataDir: string): Promise<ShutdownCheck> {
  const stop = await stopServer(server);
  const leftoverAtExit = embeddedProcesses(dataDir);
  let leftoverAfterWait: ProcInfo[] = [];
  if (leftoverAtExit.length) {
    await sleep(5000);
    leftoverAfterWait = embeddedProcesses(dataDir);
    for (const p of leftoverAfterWait) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const staleStateFiles = ['postgres/postmaster.pid', 'meilisearch/server.json'].filter((f) => existsSync(join(dataDir, f)));
  return { stop, leftoverAtExit, leftoverAfterWait, staleStateFiles };
}

function leftoverText(check: ShutdownCheck): string {
  const stale = check.staleStateFiles.length ? `; state file left: ${check.staleStateFiles.join(', ')}` : '';
  if (check.leftoverAtExit.length === 0) return `no postgres or meilisearch process left for the DATA_DIR${stale}`;
  const describe = (ps: ProcInfo[]) => ps.map((p) => `${p.pid} ${p.comm}`).join(', ');
  return (
    `LEFT BEHIND at exit: ${describe(check.leftoverAtExit)}` +
    (check.leftoverAfterWait.length ? `; still alive 5 s later (killed): ${describe(check.leftoverAfterWait)}` : '; gone within 5 s') +
    stale
  );
}

function exitText(stop: StopResult): string {
  const how = stop.signal ? `signal ${stop.signal}` : `code ${stop.code}${stop.code === 0 ? '' : ' (a clean shutdown exits 0)'}`;
  return `exited in ${fmtSeconds(stop.ms)}, ${how}${stop.forced ? ', KILLED after ignoring SIGTERM for 30 s' : ''}`;
}

function killLeftovers(dataDir: string, seenPids: Set<number>): void {
  for (const p of embeddedProcesses(dataDir)) {
    progress(`killing leftover ${p.comm} ${p.pid}`);
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const pid of seenPids) {
    try {
      process.kill(pid, 0);
    } catch {
      continue;
    }
    // Still alive under a pid the state files gave: only if it is still one of ours.
    if (embeddedProcesses(dataDir).some((p) => p.pid === pid)) process.kill(pid, 'SIGKILL');
  }
}

async function waitForIndex(graphqlUrl: string, token: string, timeoutMs: number): Promise<{ documents: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const data = await graphql<{ searchIndexStatus: { name: string; pendingChanges: number; documents: number | null }[] }>(graphqlUrl, STATUS_QUERY, {}, token);
    const status = data.searchIndexStatus.find((s) => s.name === 'occupations');
    last = JSON.stringify(status);
    if (status && status.pendingChanges === 0 && (status.documents ?? 0) >= MIN_DOCUMENTS) return { documents: status.documents ?? 0 };
    await sleep(250);
  }
  throw new Error(`search index not settled within ${timeoutMs} ms; last status ${last}`);
}

function meiliSearchBody(q: string): string {
  return JSON.stringify({ q, limit: 10, offset: 0, filter: ['isMajorGroup = false'], attributesToRetrieve: ['code'] });
}

async function compareSides(graphqlUrl: string, meili: { url: string; masterKey: string }): Promise<{ same: number; empty: number; differences: string[] }> {
  let same = 0;
  let empty = 0;
  const differences: string[] = [];
  for (const q of TYPEAHEAD_QUERIES) {
    const data = await graphql<{ occupations: { nodes: { code: string }[] } }>(graphqlUrl, OCCUPATIONS_QUERY, { q });
    const viaGraphql = data.occupations.nodes.map((n) => n.code);
    const res = await httpRequest(`${meili.url}/indexes/occupations/search`, { body: meiliSearchBody(q), headers: { authorization: `Bearer ${meili.masterKey}` } });
    if (res.status !== 200) throw new Error(`Meilisearch search answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
    const direct = (JSON.parse(res.body) as { hits: { code: string }[] }).hits.map((h) => h.code);
    if (viaGraphql.join() === direct.join()) same++;
    else differences.push(`"${q}"`);
    if (direct.length === 0) empty++;
  }
  return { same, empty, differences };
}

async function idleRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 4; i++) {
    const kib = readRssKiB(pid);
    if (kib !== undefined) samples.push(kib);
    await sleep(250);
  }
  return samples.length ? mib(samples.reduce((a, b) => a + b, 0) / samples.length) : NaN;
}

function serverSideLatency(entries: Record<string, unknown>[]): SideResult['serverSide'] {
  const requests = entries.filter((e) => e.msg === 'request' && e.path === '/graphql' && typeof e.ms === 'number');
  if (requests.length === 0) return undefined;
  const sorted = Float64Array.from(requests.map((e) => e.ms as number)).sort();
  const sql = requests.reduce((sum, e) => sum + (typeof e.sqlQueries === 'number' ? e.sqlQueries : 0), 0);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), sqlPerRequest: sql / requests.length };
}

function logProblems(entries: Record<string, unknown>[]): { level: string; msg: string; count: number; example?: string }[] {
  const byKey = new Map<string, { level: string; msg: string; count: number; example?: string }>();
  for (const e of entries) {
    if (e.level !== 'warn' && e.level !== 'error') continue;
    const key = `${e.level}\u0000${String(e.msg)}`;
    const found = byKey.get(key);
    if (found) found.count++;
    else {
      const err = e.err as { message?: string } | undefined;
      byKey.set(key, { level: String(e.level), msg: String(e.msg), count: 1, example: err?.message?.slice(0, 200) });
    }
  }
  return [...byKey.values()];
}

function sideRow(label: string, side: SideResult): string[] {
  const s = side.summary;
  return [
    label,
    fmtInt(s.requests),
    fmtInt(s.errors),
    fmt(s.rps, 0),
    fmt(s.p50, 2),
    fmt(s.p95, 2),
    fmt(s.p99, 2),
    fmt(s.max, 1),
    `${fmt(side.cpu.server, 0)}%`,
    `${fmt(side.cpu.meilisearch, 0)}%`,
    `${fmt(side.cpu.postgres, 0)}%`,
    `${fmt(side.cpu.self, 0)}%`,
    `${fmt(side.cpu.other, 0)}%`,
  ];
}

const ms = (value: number | undefined) => (value === undefined ? '—' : `${fmtInt(value)} ms`);
const mibOr = (value: number | undefined) => (value === undefined ? '—' : `${fmt(value, 1)} MiB`);

/**
 * `npm run bench -- match`: generated courses, post demand and job seekers over the real occupation
 * list and Liaoning's regions; `courseMatches(seekerId, first: 10)` through GraphQL against the
 * Meilisearch multi-search it issues sent straight to Meilisearch, the same seekers on both sides
 * in alternating slices; the SQL statements per match request and the server's memory under load.
 */
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { candidatePool, courseMatchQueries } from '../domain/matching/course-match.service';
import { loadSeekersForMatching } from '../domain/matching/match-context';
import {
  addCpu,
  cliToken,
  consoleTable,
  cpuMeter,
  cpuPercent,
  cpuPerRequest,
  embeddedMeili,
  embeddedPostgresUrl,
  embeddedProcesses,
  fmt,
  fmtInt,
  fmtSeconds,
  generateCourses,
  httpRequest,
  keepAliveAgent,
  markdownTable,
  mergeLoads,
  mib,
  percentile,
  positive,
  progress,
  readJsonLog,
  readRssKiB,
  runCli,
  runQueue,
  RssSampler,
  sleep,
  startServer,
  stopServer,
  summarize,
  waitForIdleOutbox,
  type CpuUsage,
  type LoadResult,
  type ServerHandle,
  benchOptions,
  classificationFiles,
  benchDataDir,
  endBenchRun,
} from './lib';

export const MATCH_USAGE = `match [--courses 100000] [--demand 200000] [--seekers 100000] [--requests 2000] [--warmup 400] [--clients 8] [--rounds 4] [--data DIR] [--keep]
      generate --courses published courses, --demand open post-demand lines and --seekers job seekers
      over the occupations of DIR/occupations.csv (default ../shared/data) and Liaoning's regions,
      then send courseMatches(first: 10) for --requests seekers through GraphQL and the same
      multi-search straight to Meilisearch, --clients at a time, in --rounds alternating slices after
      --warmup requests per side. --keep: keep the temporary DATA_DIR and server log.`;

const FIRST = 10;

/**
 * The server runs with `embeddedEnv`, which clears MEILI_INDEX_PREFIX, so its index uids are the
 * bare index names; SearchEngine.uid prepends this.
 */
const INDEX_PREFIX = '';

const MATCH_QUERY = `query($seekerId: ID!) {
  courseMatches(seekerId: $seekerId, first: ${FIRST}) {
    degraded
    nodes {
      rank score openDemandHeadcount
      reasons { code label weight }
      subsidy { subsidised fee baseSubsidy shortageUplift groupSupplements totalSubsidy netCost }
      course { id title startsOn endsOn mode skillLevel seatsLeft eligibleGroups occupation { code name } provider { name } region { name } }
    }
  }
}`;

/** Majors as counsellors type them; the rest of the seekers with a major carry a fragment of an occupation's name. */
const MAJORS = ['计算机科学与技术', '护理', '数控技术', '机械设计制造及其自动化', '电气自动化技术', '会计', '市场营销', '物流管理', '学前教育', '汽车检测与维修技术',
  '电子商务', '软件技术', '烹饪工艺与营养', '土木工程', '化学工程与工艺', '老年服务与管理', '大数据技术', '工业机器人技术', '焊接技术与自动化', '药学'];
/** Typed groups; COLLEGE_GRADUATE is derived from the education and graduation date. */
const TYPED_GROUPS = ['RURAL_MIGRANT_WORKER', 'RETURNEE', 'POVERTY_ALLEVIATED', 'VETERAN', 'DISABLED', 'UNEMPLOYED', 'LOW_INCOME_FAMILY', 'NON_CONTINUING_STUDENT'];
const EDUCATION = ['JUNIOR_HIGH', 'SENIOR_HIGH', 'SECONDARY_VOCATIONAL', 'JUNIOR_COLLEGE', 'BACHELOR', 'JUNIOR_COLLEGE', 'BACHELOR', 'MASTER'];
const COLLEGE = new Set(['JUNIOR_COLLEGE', 'BACHELOR', 'MASTER']);
const EMPLOYMENT = ['UNEMPLOYED', 'UNEMPLOYED', 'EMPLOYED', 'UNEMPLOYED', 'STUDENT', 'EMPLOYED', 'UNEMPLOYED', 'EMPLOYED', 'UNEMPLOYED', 'STUDENT'];
/** Half without a level, most of the rest junior or intermediate. */
const SEEKER_LEVELS = [null, null, null, null, null, 'JUNIOR', 'JUNIOR', 'JUNIOR', 'INTERMEDIATE', 'INTERMEDIATE', null, null, null, null, null, 'JUNIOR', 'JUNIOR', 'JUNIOR', 'INTERMEDIATE', 'SENIOR'];
const DEMAND_LEVELS = ['JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN', 'INTERMEDIATE'];

/** Mostly open to all; one course in ten for one group, one in twenty-five for two. */
function courseGroups(i: number): string[] {
  if (i % 25 === 7) return [TYPED_GROUPS[i % TYPED_GROUPS.length], 'COLLEGE_GRADUATE'];
  if (i % 10 === 3) return [TYPED_GROUPS[(i >> 1) % TYPED_GROUPS.length]];
  return [];
}

export async function matchBench(argv: string[]): Promise<number> {
  const values = benchOptions(argv, MATCH_USAGE, {
    courses: { type: 'string', default: '100000' },
    demand: { type: 'string', default: '200000' },
    seekers: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '400' },
    clients: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '4' },
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
  });
  if (!values) return 0;
  const totalCourses = positive('--courses', values.courses, 2_000_000);
  const totalDemand = positive('--demand', values.demand, 5_000_000);
  const totalSeekers = positive('--seekers', values.seekers, 2_000_000);
  const requests = positive('--requests', values.requests, 1_000_000);
  const warmup = positive('--warmup', values.warmup, 100_000, true);
  const clients = positive('--clients', values.clients, 256);
  const rounds = positive('--rounds', values.rounds, 100);
  const { occupationsCsv, detailsCsv } = classificationFiles(values.data);
  const command = ['npm run bench -- match', ...argv].join(' ');
  const loadAtStart = loadavg()[0];
  const { dataDir, logFile } = benchDataDir('match');
  let server: ServerHandle | undefined;
  let pg: Client | undefined;
  let orm: DataSource | undefined;
  const connect = async () => {
    const client = new Client({ connectionString: embeddedPostgresUrl(dataDir), application_name: 'bench-match' });
    client.on('error', () => {}); // the server stops PostgreSQL under it
    await client.connect();
    return client;
  };
  try {
    progress('booting the server (embedded PostgreSQL + Meilisearch, demo data)…');
    server = await startServer({ dataDir, logFile, env: { DEMO_DATA: 'true', NODE_ENV: 'development' } });
    progress('importing the national occupational classification with the CLI…');
    const imported = await runCli(dataDir, ['import', 'occupations', occupationsCsv, '--details', detailsCsv]);
    if (imported.code !== 0) throw new Error(`occupation import failed: ${imported.stderr || imported.stdout}`);
    const token = await cliToken(dataDir, ['--role', 'ADMIN', '--region', '210000', '--expires', '6h']);

    pg = await connect();
    const occupations: { code: string; name: string }[] = (await pg.query(`SELECT code, name FROM occupation WHERE code NOT LIKE '%-00' ORDER BY code`)).rows;
    const districts: string[] = (await pg.query(`SELECT trim(code) AS code FROM region WHERE code LIKE '21%' AND code NOT LIKE '%00' ORDER BY code`)).rows.map((r) => r.code);
    const cities = new Set(districts.map((d) => d.slice(0, 4))).size;
    const lastDemoSeeker = Number((await pg.query('SELECT coalesce(max(id), 0) AS id FROM job_seeker')).rows[0].id);

    progress(`generating ${fmtInt(totalCourses)} courses over ${occupations.length} occupations and ${districts.length} districts of ${cities} cities…`);
    const courses = await generateCourses(pg, totalCourses, occupations, districts, courseGroups);
    progress(`courses inserted in ${fmtSeconds(courses.ms)}; ${fmtInt(totalDemand)} post-demand lines…`);
    const demand = await generateDemand(pg, totalDemand, occupations, districts);
    progress(`post demand inserted in ${fmtSeconds(demand.ms)}; ${fmtInt(totalSeekers)} job seekers…`);
    const seekers = await generateSeekers(pg, totalSeekers, districts);
    // A bulk load leaves no visibility map or statistics until autovacuum comes by; measure the steady state.
    await pg.query('VACUUM ANALYZE');
    progress(`seekers inserted in ${fmtSeconds(seekers.ms)}, tables vacuumed; indexing every course through the search outbox…`);
    // The outbox, the path every write takes; Meilisearch's document count is then checked against PostgreSQL.
    const indexStarted = performance.now();
    await pg.query(`INSERT INTO search_outbox (index_name, document_id) SELECT 'courses', id::text FROM course`);
    await waitForIdleOutbox(pg, 1_800_000);
    const indexed = await waitForCourseDocuments(pg, embeddedMeili(dataDir), 600_000);
    const indexMs = performance.now() - indexStarted;
    progress(`indexed in ${fmtSeconds(indexMs)}; Meilisearch holds all ${fmtInt(indexed)} courses`);

    // pg_stat_statements needs a preloaded library, so a restart; the server measured then starts
    // with the memory of a fresh process rather than that of the bulk load.
    await pg.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await pg.end();
    pg = undefined;
    progress('restarting the server with pg_stat_statements…');
    await stopServer(server);
    server = undefined;
    server = await startServer({ dataDir, logFile, env: { DEMO_DATA: 'true', NODE_ENV: 'development' } });
    pg = await connect();
    const meili = embeddedMeili(dataDir);
    await pg.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await pg.query('ALTER SYSTEM SET pg_stat_statements.track_planning = on');
    await pg.query('SELECT pg_reload_conf()');

    // The same seekers on both sides: the GraphQL request and the multi-search the server builds for it.
    const sample: string[] = (
      await pg.query(`SELECT id::text AS id FROM job_seeker WHERE id > $1 ORDER BY md5(id::text) LIMIT $2`, [lastDemoSeeker, warmup + requests])
    ).rows.map((r) => r.id);
    const ids = Array.from({ length: warmup + requests }, (_, i) => sample[i % sample.length]);
    orm = await new DataSource({ type: 'postgres', url: embeddedPostgresUrl(dataDir), poolSize: 2 }).initialize();
    const today = todayInChina();
    const forMatching = await loadSeekersForMatching(orm.manager, sample, today);
    await orm.destroy();
    orm = undefined;
    const meiliBodies = new Map<string, { body: string; ways: string[] }>();
    for (const [id, seeker] of forMatching) {
      const queries = courseMatchQueries(seeker, {}, candidatePool(FIRST));
      // What CourseMatchService hands SearchEngine.multiSearch, and what that posts.
      const body = JSON.stringify({ queries: queries.map(({ index, way: _way, ...params }) => ({ indexUid: INDEX_PREFIX + index, ...params })) });
      meiliBodies.set(id, { body, ways: queries.map((q) => q.way) });
    }
    const graphqlBodies = new Map(sample.map((id) => [id, JSON.stringify({ query: MATCH_QUERY, variables: { seekerId: Buffer.from(`JobSeeker:${id}`).toString('base64url') } })]));
    const measured = ids.slice(warmup).map((id) => meiliBodies.get(id)!);
    const queriesPerSearch = measured.reduce((n, m) => n + m.ways.length, 0) / requests;

    let agent = keepAliveAgent(clients);
    const answers: { sql: number; nodes: number }[] = [];
    const processingMs = new Map<string, number[]>();
    let degraded = 0;
    let recording = false;
    const sendGraphql = async (id: string) => {
      const res = await httpRequest(server!.graphqlUrl, { body: graphqlBodies.get(id), headers: { authorization: `Bearer ${token}` }, agent });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      const json = JSON.parse(res.body) as { data?: { courseMatches?: { degraded: boolean; nodes: unknown[] } }; errors?: { message: string }[]; extensions?: { sqlQueries?: number } };
      if (json.errors?.length) throw new Error(json.errors.map((e) => e.message).join('; '));
      const result = json.data?.courseMatches;
      if (!result || !Array.isArray(result.nodes)) throw new Error('no courseMatches.nodes in the answer');
      if (!recording) return;
      answers.push({ sql: json.extensions?.sqlQueries ?? NaN, nodes: result.nodes.length });
      if (result.degraded) degraded++;
    };
    const meiliUrl = `${meili.url}/multi-search`;
    const sendMeili = async (id: string) => {
      const { body, ways } = meiliBodies.get(id)!;
      const res = await httpRequest(meiliUrl, { body, headers: { authorization: `Bearer ${meili.masterKey}` }, agent });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      const { results } = JSON.parse(res.body) as { results: { processingTimeMs: number }[] };
      if (results.length !== ways.length) throw new Error(`${results.length} results for ${ways.length} queries`);
      if (!recording) return;
      results.forEach((r, i) => {
        const list = processingMs.get(ways[i]) ?? [];
        processingMs.set(ways[i], list);
        list.push(r.processingTimeMs);
      });
    };
    const slice = async (send: (id: string) => Promise<void>, inputs: string[]) => {
      agent.destroy();
      agent = keepAliveAgent(clients);
      return runQueue({ clients, inputs, send });
    };
    for (const [name, send] of [['GraphQL', sendGraphql], ['Meilisearch', sendMeili]] as const) {
      await send(ids[0]).catch((err: unknown) => {
        throw new Error(`first ${name} request failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    }
    if (warmup > 0) {
      progress(`warm-up: ${warmup} requests per side…`);
      await slice(sendGraphql, ids.slice(0, warmup));
      await slice(sendMeili, ids.slice(0, warmup));
    }

    const groups = { server: [server.pid], meilisearch: [meili.pid], postgres: embeddedProcesses(dataDir).filter((p) => p.comm.startsWith('postgres')).map((p) => p.pid) };
    const idleKiB = readRssKiB(server.pid);
    const logLinesBefore = readJsonLog(logFile).length;
    await pg.query('SELECT pg_stat_statements_reset()');
    const sampler = new RssSampler(server.pid, 100);
    const runsA: LoadResult[] = [];
    const runsB: LoadResult[] = [];
    let cpuA: CpuUsage | undefined;
    let cpuB: CpuUsage | undefined;
    recording = true;
    for (let round = 0; round < rounds; round++) {
      const inputs = ids.slice(warmup + Math.floor((round * requests) / rounds), warmup + Math.floor(((round + 1) * requests) / rounds));
      const graphqlSide = async () => {
        sampler.start();
        const meter = cpuMeter(groups);
        runsA.push(await slice(sendGraphql, inputs));
        cpuA = addCpu(cpuA, meter.stop());
        sampler.pause();
      };
      const meiliSide = async () => {
        const meter = cpuMeter(groups);
        runsB.push(await slice(sendMeili, inputs));
        cpuB = addCpu(cpuB, meter.stop());
      };
      // Alternating which side goes first, so neither always meets the caches the other warmed.
      progress(`round ${round + 1}/${rounds}: ${inputs.length} seekers, ${round % 2 === 0 ? 'GraphQL then Meilisearch' : 'Meilisearch then GraphQL'}, ${clients} clients…`);
      if (round % 2 === 0) {
        await graphqlSide();
        await meiliSide();
      } else {
        await meiliSide();
        await graphqlSide();
      }
    }
    agent.destroy();
    const endKiB = readRssKiB(server.pid);
    const statements = await topStatements(pg, mergeLoads(runsA).requests);
    const serverSide = serverLatency(readJsonLog(logFile).slice(logLinesBefore));

    await pg.end();
    pg = undefined;
    const stop = await stopServer(server);
    server = undefined;

    const a = summarize(mergeLoads(runsA));
    const b = summarize(mergeLoads(runsB));
    const rss = sampler.summary();
    const relative = 1.5 * b.p95 + 5;
    const relativeMet = a.p95 <= relative && a.errors === 0;
    const absoluteMet = a.p95 <= 50 && a.errors === 0;
    const found = answers.filter((x) => x.nodes > 0);
    const none = answers.filter((x) => x.nodes === 0);
    // Constant means independent of how many courses come back; a request that finds none may skip the statements about them.
    const sqlFound = [...new Set(found.map((x) => x.sql))];
    const sqlNone = [...new Set(none.map((x) => x.sql))];
    const sqlMet = sqlFound.length <= 1 && Math.max(...answers.map((x) => x.sql)) <= 5;
    const sqlText = [
      sqlFound.length === 1 ? `${sqlFound[0]} on each of the ${fmtInt(found.length)} requests that found courses` : found.length ? `${histogram(found.map((x) => x.sql))} among the requests that found courses` : '',
      sqlNone.length === 1 ? `${sqlNone[0]} on each of the ${fmtInt(none.length)} that found none` : none.length ? `${histogram(none.map((x) => x.sql))} among those that found none` : '',
    ].filter(Boolean).join(', ');
    const meanNodes = answers.reduce((n, x) => n + x.nodes, 0) / answers.length;
    const cpuCells = (usage: CpuUsage | undefined, requests: number) =>
      usage ? [...cpuPerRequest(usage, requests), `${fmt(cpuPercent(usage).other, 0)}%`] : ['—', '—', '—', '—', '—'];
    const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

    const cpu = cpus();
    const out: string[] = [];
    out.push('', '# match benchmark');
    out.push(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, load average ${fmt(loadAtStart, 2)} at start; load generator, server, PostgreSQL and Meilisearch share this machine`);
    out.push(
      `${fmtInt(totalCourses)} courses (${fmtInt(courses.providers)} providers, ${fmtInt(courses.admitted)} admitted), ${fmtInt(totalDemand)} open post-demand lines (${fmtInt(demand.enterprises)} enterprises, ${fmtInt(demand.linked)} linked to a course), ` +
        `${fmtInt(totalSeekers)} job seekers, over ${occupations.length} occupations and ${districts.length} districts of ${cities} cities of Liaoning`,
    );
    out.push(`inserted in ${fmtSeconds(courses.ms + demand.ms + seekers.ms)} (courses ${fmtSeconds(courses.ms)}, demand ${fmtSeconds(demand.ms)}, seekers ${fmtSeconds(seekers.ms)}); all ${fmtInt(indexed)} courses indexed through the search outbox in ${fmtSeconds(indexMs)}`);
    out.push(`sanity: ${fmtInt(found.length)}/${fmtInt(answers.length)} measured requests found at least one course (mean ${fmt(meanNodes, 1)} of ${FIRST}); ${degraded} answered degraded; ${fmt(queriesPerSearch, 2)} queries per multi-search`);
    out.push('');
    out.push(`## courseMatches(seekerId, first: ${FIRST}), ${clients} clients, ${fmtInt(requests)} seekers per side in ${rounds} alternating slices after ${fmtInt(warmup)} warm-up requests per side`);
    out.push(
      consoleTable(
        ['side', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU ms/request: server', 'Meili', 'PG', 'bench', 'other CPU'],
        [
          ['A GraphQL courseMatches', fmtInt(a.requests), fmtInt(a.errors), fmtInt(a.rps), fmt(a.p50, 2), fmt(a.p95, 2), fmt(a.p99, 2), fmt(a.max, 1), ...cpuCells(cpuA, a.requests)],
          ['B Meilisearch multi-search (direct)', fmtInt(b.requests), fmtInt(b.errors), fmtInt(b.rps), fmt(b.p50, 2), fmt(b.p95, 2), fmt(b.p99, 2), fmt(b.max, 1), ...cpuCells(cpuB, b.requests)],
        ],
      ),
    );
    out.push(`CPU columns: CPU time per request of the API process, Meilisearch, all PostgreSQL processes and this load generator; other CPU = the rest of the machine as % of one core (${cpu.length} cores = ${cpu.length * 100}%; noise when high)`);
    if (serverSide) out.push(`GraphQL server-side (access log): p50 ${fmt(serverSide.p50, 2)}, p95 ${fmt(serverSide.p95, 2)} ms over ${fmtInt(serverSide.requests)} requests`);
    for (const [name, run] of [['GraphQL', runsA], ['Meilisearch', runsB]] as const) {
      const errors = mergeLoads(run).firstErrors;
      if (errors.length) out.push(`${name} errors, first ones: ${errors.join(' | ')}`);
    }
    out.push(`goal: GraphQL p95 ${fmt(a.p95, 2)} ms ≤ 1.5 × raw p95 ${fmt(b.p95, 2)} + 5 = ${fmt(relative, 2)} ms → ${met(relativeMet)}`);
    out.push(`goal: GraphQL p95 ${fmt(a.p95, 2)} ms ≤ 50 ms → ${met(absoluteMet)}`);
    out.push(`Meilisearch processingTimeMs of each query of the multi-search (B side), by way (queries) mean / p95 ms: ${[...processingMs].map(([way, ms]) => `${way} (${fmtInt(ms.length)}) ${fmt(ms.reduce((t, v) => t + v, 0) / ms.length, 1)} / ${fmt(percentile(Float64Array.from(ms).sort(), 95), 0)}`).join('; ')}`);
    out.push(`goal: SQL statements per match request constant and ≤ 5: ${sqlText} (extensions.sqlQueries) → ${met(sqlMet)}`);
    out.push('');
    out.push(`## SQL during the GraphQL slices (pg_stat_statements, planning tracked; statements run at least once per 10 requests)`);
    out.push(
      consoleTable(
        ['statement', 'per request', 'exec ms', 'plan ms', 'share'],
        statements.rows.map((s) => [s.query, fmt(s.perRequest, 2), fmt(s.execMs, 3), fmt(s.planMs, 3), `${fmt(s.share * 100, 0)}%`]),
      ),
    );
    out.push(`SQL time per match request (execution + planning, mean): ${fmt(statements.msPerRequest, 2)} ms`);
    out.push('');
    out.push(`## Server memory (VmRSS of the node process)`);
    out.push(
      `before the load: ${idleKiB === undefined ? '—' : fmt(mib(idleKiB), 1)} MiB; under GraphQL load: peak ${fmt(rss.peakMiB, 1)} MiB, average ${fmt(rss.avgMiB, 1)} MiB (${rss.samples} samples every 100 ms); ` +
        `at the end of the load: ${endKiB === undefined ? '—' : fmt(mib(endKiB), 1)} MiB`,
    );
    out.push(`server stopped in ${fmtSeconds(stop.ms)} (exit ${stop.code ?? stop.signal})`);
    out.push('', '## For README.md', '');
    out.push(
      markdownTable(
        ['Measure', 'Result'],
        [
          [`\`courseMatches(first: ${FIRST})\` via GraphQL, ${clients} clients`, `p50 ${fmt(a.p50)} / p95 ${fmt(a.p95)} ms, ${fmtInt(a.rps)} req/s, ${a.errors} errors`],
          [`The multi-search it issues, straight to Meilisearch, ${clients} clients`, `p50 ${fmt(b.p50)} / p95 ${fmt(b.p95)} ms, ${fmtInt(b.rps)} req/s`],
          ['Goal: GraphQL p95 ≤ 1.5 × Meilisearch p95 + 5 ms', `${met(relativeMet)} (${fmt(a.p95)} ≤ ${fmt(relative)} ms)`],
          ['Goal: GraphQL p95 ≤ 50 ms', `${met(absoluteMet)} (${fmt(a.p95)} ms)`],
          ['SQL statements per match request (goal: constant, ≤ 5)', `${sqlText}: ${met(sqlMet)}`],
          ['API process memory (RSS) under match load: peak / at the end', `${fmt(rss.peakMiB, 0)} / ${endKiB === undefined ? '—' : fmt(mib(endKiB), 0)} MiB`],
        ],
        ['l', 'l'],
      ),
    );
    out.push('', `Measured with \`${command}\` (node ${process.version}, ${cpu.length} CPUs).`, '');
    process.stdout.write(out.join('\n') + '\n');
    // A completed measurement exits 0 whatever the goals say; errors exit 1.
    return 0;
  } finally {
    await orm?.destroy().catch(() => {});
    await pg?.end().catch(() => {});
    await endBenchRun(server, dataDir, values.keep);
  }
}

/**
 * Enterprises (one per 100 lines) across the districts, `total` open post-demand lines valid 30 to
 * 330 days from now over the occupations, and one course in 50 linked (订单式) to a line of its
 * occupation in its city.
 */
async function generateDemand(pg: Client, total: number, occupations: { code: string; name: string }[], districts: string[]) {
  const started = performance.now();
  const count = Math.max(10, Math.round(total / 100));
  const codes: string[] = [];
  const names: string[] = [];
  const regions: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = `91210000MA${String(i).padStart(7, '0')}`;
    codes.push(body + creditCodeCheckCharacter(body));
    names.push(`辽宁第${i + 1}号制造有限公司`);
    regions.push(districts[(i * 7) % districts.length]);
  }
  const enterprises: string[] = (
    await pg.query(
      `INSERT INTO enterprise (credit_code, name, region_code, version)
       SELECT c, n, r, 1 FROM unnest($1::char(18)[], $2::text[], $3::char(6)[]) AS t(c, n, r) RETURNING id::text`,
      [codes, names, regions],
    )
  ).rows.map((r) => r.id);
  await pg.query(
    `INSERT INTO post_demand (enterprise_id, occupation_code, job_title, headcount, skill_level, wage_min, wage_max, region_code, tasks, valid_until, status, version)
     SELECT ($1::bigint[])[1 + g % $7], ($2::text[])[1 + (g * 7919) % $8], ($3::text[])[1 + (g * 7919) % $8] || '（' || (g % 50 + 1) || '号岗）', 1 + g % 20,
            ($5::skill_level[])[1 + g % cardinality($5::skill_level[])], 4000 + (g % 40) * 100, 6000 + (g % 40) * 100, ($4::char(6)[])[1 + g % $7],
            '按岗位要求完成本职工作', current_date + 30 + g % 300, 'OPEN', 1
       FROM generate_series(0, $6 - 1) AS g`,
    [enterprises, occupations.map((o) => o.code), occupations.map((o) => o.name), regions, DEMAND_LEVELS, total, enterprises.length, occupations.length],
  );
  await pg.query('ANALYZE post_demand');
  const linked = (
    await pg.query(
      `INSERT INTO course_post_demand (course_id, post_demand_id)
       SELECT c.id, pd.id FROM course c
        CROSS JOIN LATERAL (SELECT id FROM post_demand pd
                             WHERE pd.occupation_code = c.occupation_code AND pd.status = 'OPEN' AND left(pd.region_code, 4) = left(c.region_code, 4)
                             ORDER BY id LIMIT 1) pd
        WHERE c.id % 50 = 0`,
    )
  ).rowCount ?? 0;
  return { ms: performance.now() - started, enterprises: enterprises.length, linked };
}

/**
 * Job seekers with dummy sealed columns (matching never reads them) and unique hashes: 1–2 target
 * occupations that have courses, a major for half, typed groups for two in five, graduates of the
 * last years among the college-educated, levels mostly none, junior or intermediate.
 */
async function generateSeekers(pg: Client, total: number, districts: string[]) {
  const started = performance.now();
  const targets: { code: string; name: string }[] = (
    await pg.query(`SELECT o.code, o.name FROM occupation o WHERE EXISTS (SELECT 1 FROM course c WHERE c.occupation_code = o.code) ORDER BY o.code`)
  ).rows;
  const year = Number(todayInChina().slice(0, 4));
  const chunk = 10_000;
  for (let from = 0; from < total; from += chunk) {
    const rows = Array.from({ length: Math.min(chunk, total - from) }, (_, k) => {
      const i = from + k;
      const first = targets[(i * 7919) % targets.length];
      const second = i % 3 === 0 ? targets[(i * 104_729 + 13) % targets.length] : undefined;
      const education = EDUCATION[i % EDUCATION.length];
      const employment = EMPLOYMENT[i % EMPLOYMENT.length];
      const graduatedYear = employment === 'STUDENT' ? year + 1 : [year, year - 1, year - 3, year - 8][i % 4];
      const typed = i % 5 === 3 ? [TYPED_GROUPS[i % TYPED_GROUPS.length]] : i % 5 === 4 ? [TYPED_GROUPS[i % TYPED_GROUPS.length], TYPED_GROUPS[(i + 3) % TYPED_GROUPS.length]] : [];
      // UNEMPLOYED only for those out of work, as the database requires.
      const groups = typed.filter((g) => g !== 'UNEMPLOYED' || employment === 'UNEMPLOYED');
      let major: string | null = null;
      if (i % 2 === 1) {
        const named = targets[(i * 31) % targets.length].name;
        major = i % 4 === 1 ? MAJORS[(i >> 2) % MAJORS.length] : named.length > 3 ? named.slice(0, -1) : named;
      }
      return {
        n: i,
        birth: `${1975 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        region: districts[(i * 31) % districts.length],
        education,
        major,
        graduated: COLLEGE.has(education) ? `${graduatedYear}-06-30` : null,
        employment,
        level: SEEKER_LEVELS[i % SEEKER_LEVELS.length],
        targets: `{${[first.code, ...(second && second.code !== first.code ? [second.code] : [])].join(',')}}`,
        groups: `{${groups.join(',')}}`,
      };
    });
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await pg.query(
      `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code, education_level,
                               major, graduation_date, employment_status, current_skill_level, target_occupation_codes, groups, consent_at, version)
       SELECT decode('00', 'hex'), sha256(convert_to('bench-name-' || n, 'UTF8')), decode('00', 'hex'), sha256(convert_to('bench-id-' || n, 'UTF8')),
              decode('00', 'hex'), sha256(convert_to('bench-phone-' || n, 'UTF8')), b, r, e, m, gd, es, l, t::varchar[], g::seeker_group[], now(), 1
         FROM unnest($1::int[], $2::date[], $3::char(6)[], $4::education_level[], $5::text[], $6::date[], $7::employment_status[], $8::skill_level[],
                     $9::text[], $10::text[]) AS s(n, b, r, e, m, gd, es, l, t, g)`,
      [col('n'), col('birth'), col('region'), col('education'), col('major'), col('graduated'), col('employment'), col('level'), col('targets'), col('groups')],
    );
  }
  await pg.query('ANALYZE job_seeker');
  return { ms: performance.now() - started };
}

/** Waits until the Meilisearch courses index holds as many documents as PostgreSQL holds courses, and is not indexing. */
async function waitForCourseDocuments(pg: Client, meili: { url: string; masterKey: string }, timeoutMs: number): Promise<number> {
  const [{ n: expected }] = (await pg.query('SELECT count(*)::int AS n FROM course')).rows;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await httpRequest(`${meili.url}/indexes/${INDEX_PREFIX}courses/stats`, { headers: { authorization: `Bearer ${meili.masterKey}` } });
    last = res.body.slice(0, 200);
    if (res.status === 200) {
      const stats = JSON.parse(res.body) as { numberOfDocuments: number; isIndexing: boolean };
      if (stats.numberOfDocuments === expected && !stats.isIndexing) return expected;
    }
    await sleep(250);
  }
  throw new Error(`the courses index did not reach ${expected} documents within ${timeoutMs} ms; last stats ${last}`);
}

/** The statements behind the GraphQL slices, most time first, per match request. */
async function topStatements(pg: Client, graphqlRequests: number) {
  const rows: { calls: string; exec: number; plan: number; query: string }[] = (
    await pg.query(
      `SELECT calls, total_exec_time AS exec, total_plan_time AS plan, query FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls >= $1 AND query NOT LIKE '%pg_stat_statements%'
        ORDER BY total_exec_time + total_plan_time DESC`,
      [Math.max(1, Math.floor(graphqlRequests / 10))],
    )
  ).rows;
  const totalMs = rows.reduce((s, r) => s + r.exec + r.plan, 0);
  return {
    msPerRequest: totalMs / graphqlRequests,
    rows: rows.map((r) => ({
      query: r.query.replace(/\s+/g, ' ').slice(0, 90),
      perRequest: Number(r.calls) / graphqlRequests,
      execMs: r.exec / Number(r.calls),
      planMs: r.plan / Number(r.calls),
      share: (r.exec + r.plan) / totalMs,
    })),
  };
}

function serverLatency(entries: Record<string, unknown>[]) {
  const ms = entries.filter((e) => e.msg === 'request' && e.path === '/graphql' && typeof e.ms === 'number').map((e) => e.ms as number);
  if (ms.length === 0) return undefined;
  const sorted = Float64Array.from(ms).sort();
  return { requests: ms.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** `4 × 1,950, 1 × 50`: how often each value occurred, the most frequent first. */
function histogram(values: number[]): string {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1]).map(([v, n]) => `${v} × ${fmtInt(n)}`).join(', ');
}

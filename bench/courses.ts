/**
 * `npm run bench -- courses`: 100,000 generated courses over the real occupation list and
 * Liaoning's cities; `courses(query, filter)` through GraphQL against the same search sent straight
 * to Meilisearch, alternating slices under the same concurrency; then the time from
 * `publishShortageCatalog` (50 occupations) until every affected course shows the new uplift in search.
 */
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { CourseSort, searchFilter, type CourseSearchFilter } from '../domain/supply/course-search.service';
import { CourseMode } from '../domain/supply/supply-enums';
import {
  cliToken,
  addCpu,
  consoleTable,
  cpuMeter,
  cpuPerRequest,
  embeddedMeili,
  embeddedProcesses,
  fmt,
  fmtInt,
  fmtSeconds,
  generateCourses,
  graphql,
  httpRequest,
  keepAliveAgent,
  markdownTable,
  mergeLoads,
  percentile,
  progress,
  runCli,
  runLoad,
  RssSampler,
  sleep,
  startServer,
  stopServer,
  summarize,
  waitForIdleOutbox,
  type CpuUsage,
  type LoadResult,
  type ServerHandle,
  positive,
  benchOptions,
  classificationFiles,
  benchDataDir,
  embeddedPostgresUrl,
  endBenchRun,
} from './lib';

export const COURSES_USAGE = 'courses [--courses 100000] [--seconds 12] [--clients 8] [--rounds 4] [--publications 5] [--data DIR] [--keep]';

const COURSES_QUERY = `query($q: String, $filter: CourseFilter, $sort: CourseSort) {
  courses(query: $q, filter: $filter, sort: $sort, first: 10) {
    totalCount
    nodes { id title startsOn endsOn mode fee seatsLeft occupation { code name } provider { name } region { name } }
  }
}`;

/** What people type into a course search, with the filters a portal sends. */
const WORDS = ['养老', '护理', '电工', '焊工', '数控', '人工智能', '家政', '育婴', '电子商务', '直播', '保安', '厨师', '美容', '汽车维修', '叉车',
  '物流', '会计', '软件', '数据', '茶艺', '烹调', '钳工', '无人机', '农业', '快递', '网约车', '保育', '康复', '中药', '电梯'];

interface Search {
  q: string;
  filter: CourseSearchFilter;
  sort: CourseSort;
}

function searches(cities: string[]): Search[] {
  const out: Search[] = [];
  WORDS.forEach((q, i) => {
    const city = cities[i % cities.length];
    const variants: Search[] = [
      { q, filter: { regionCode: city, subsidisedOnly: true, startsAfter: '2027-01-01' }, sort: CourseSort.RELEVANCE },
      { q, filter: { regionCode: '210000' }, sort: CourseSort.NET_COST },
      { q, filter: { regionCode: city, mode: CourseMode.ONLINE }, sort: CourseSort.STARTS_ON },
    ];
    out.push(variants[i % variants.length], variants[(i + 1) % variants.length]);
  });
  return out;
}

export async function coursesBench(argv: string[]): Promise<number> {
  const values = benchOptions(argv, COURSES_USAGE, {
    courses: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '12' },
    clients: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '4' },
    publications: { type: 'string', default: '5' },
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
  });
  if (!values) return 0;
  const total = positive('--courses', values.courses, 2_000_000);
  const seconds = positive('--seconds', values.seconds, 600);
  const clients = positive('--clients', values.clients, 256);
  const rounds = positive('--rounds', values.rounds, 60);
  const publications = positive('--publications', values.publications, 50);
  const { occupationsCsv, detailsCsv } = classificationFiles(values.data);
  const command = ['npm run bench -- courses', ...argv].join(' ');
  const loadAtStart = loadavg()[0];
  const { dataDir, logFile } = benchDataDir('courses');
  let server: ServerHandle | undefined;
  let pg: Client | undefined;
  try {
    progress('booting the server (embedded PostgreSQL + Meilisearch, demo data)…');
    server = await startServer({ dataDir, logFile, env: { DEMO_DATA: 'true', NODE_ENV: 'development' } });
    progress('importing the national occupational classification with the CLI…');
    const imported = await runCli(dataDir, ['import', 'occupations', occupationsCsv, '--details', detailsCsv]);
    if (imported.code !== 0) throw new Error(`occupation import failed: ${imported.stderr || imported.stdout}`);
    const token = await cliToken(dataDir, ['--role', 'ADMIN', '--region', '210000', '--expires', '6h']);

    pg = new Client({ connectionString: embeddedPostgresUrl(dataDir), application_name: 'bench-courses' });
    pg.on('error', () => {}); // the server stops PostgreSQL under it at the end
    await pg.connect();
    const occupations: { code: string; name: string }[] = (await pg.query(`SELECT code, name FROM occupation WHERE code NOT LIKE '%-00' ORDER BY code`)).rows;
    const cities: string[] = (await pg.query(`SELECT trim(code) AS code FROM region WHERE code LIKE '21__00' AND code <> '210000' ORDER BY code`)).rows.map((r) => r.code);
    const districts: string[] = (await pg.query(`SELECT trim(code) AS code FROM region WHERE code LIKE '21%' AND code NOT LIKE '%00' ORDER BY code`)).rows.map((r) => r.code);
    progress(`generating ${fmtInt(total)} courses over ${occupations.length} occupations and ${districts.length} districts of ${cities.length} cities…`);
    const generated = await generateCourses(pg, total, occupations, districts);
    // A bulk load leaves no visibility map or statistics until autovacuum comes by; measure the steady state.
    await pg.query('VACUUM ANALYZE');
    progress(`inserted (and vacuumed) in ${fmtSeconds(generated.ms)}; rebuilding the courses index from scratch (CLI reindex)…`);
    const reindex = await runCli(dataDir, ['reindex', 'courses'], 30 * 60_000);
    if (reindex.code !== 0) throw new Error(`reindex failed: ${reindex.stderr || reindex.stdout}`);
    progress(`reindex: ${fmtSeconds(reindex.ms)}`);
    await waitForIdleOutbox(pg, 600_000);

    // Load: GraphQL vs the same search straight to Meilisearch, alternating slices.
    const meili = embeddedMeili(dataDir);
    const uid = 'courses';
    const list = searches(cities);
    const graphqlBodies = list.map((s) => JSON.stringify({ query: COURSES_QUERY, variables: { q: s.q, filter: s.filter, sort: s.sort } }));
    const meiliBodies = list.map((s) =>
      JSON.stringify({ q: s.q, filter: searchFilter(s.filter), sort: s.sort === CourseSort.NET_COST ? ['netCostFen:asc', 'startsOn:asc'] : s.sort === CourseSort.STARTS_ON ? ['startsOn:asc'] : undefined, offset: 0, limit: 10, attributesToRetrieve: ['id'] }),
    );
    const indexes = list.map((_, i) => i);
    let agent = keepAliveAgent(clients);
    const sendGraphql = async (i: number) => {
      const res = await httpRequest(server!.graphqlUrl, { body: graphqlBodies[i], agent });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      const json = JSON.parse(res.body) as { data?: { courses?: { nodes?: unknown[] } }; errors?: { message: string }[] };
      if (json.errors?.length) throw new Error(json.errors.map((e) => e.message).join('; '));
      if (!Array.isArray(json.data?.courses?.nodes)) throw new Error('no courses.nodes in the answer');
    };
    const meiliUrl = `${meili.url}/indexes/${uid}/search`;
    const sendMeili = async (i: number) => {
      const res = await httpRequest(meiliUrl, { body: meiliBodies[i], headers: { authorization: `Bearer ${meili.masterKey}` }, agent });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
    };
    const hitsFound = await sanity(server.graphqlUrl, list);
    const slice = async (send: (i: number) => Promise<void>, ms: number) => {
      agent.destroy();
      agent = keepAliveAgent(clients);
      return runLoad({ clients, durationMs: ms, inputs: indexes, send });
    };
    progress('warm-up…');
    await slice(sendGraphql, 2000);
    await slice(sendMeili, 2000);
    const sampler = new RssSampler(server.pid, 250);
    const groups = { server: [server.pid], meilisearch: [meili.pid], postgres: embeddedProcesses(dataDir).filter((p) => p.comm.startsWith('postgres')).map((p) => p.pid) };
    const runsA: LoadResult[] = [];
    const runsB: LoadResult[] = [];
    let cpuA: CpuUsage | undefined;
    let cpuB: CpuUsage | undefined;
    const sliceMs = (seconds * 1000) / rounds;
    for (let round = 1; round <= rounds; round++) {
      progress(`round ${round}/${rounds}: GraphQL then Meilisearch, ${clients} clients, ${fmt(sliceMs / 1000)} s each…`);
      sampler.start();
      let meter = cpuMeter(groups);
      runsA.push(await slice(sendGraphql, sliceMs));
      cpuA = addCpu(cpuA, meter.stop());
      sampler.pause();
      meter = cpuMeter(groups);
      runsB.push(await slice(sendMeili, sliceMs));
      cpuB = addCpu(cpuB, meter.stop());
    }
    agent.destroy();
    const a = summarize(mergeLoads(runsA));
    const b = summarize(mergeLoads(runsB));
    const rss = sampler.summary();
    const limit = 1.3 * b.p95 + 3;

    // Catalog publication → every affected course shows the new uplift in search.
    const fanout = await catalogFanout(pg, server.graphqlUrl, token, meili, uid, occupations, publications);

    await pg.end();
    pg = undefined;
    const stop = await stopServer(server);
    server = undefined;

    const cpu = cpus();
    const out: string[] = [];
    out.push('', '# courses benchmark');
    out.push(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, load average ${fmt(loadAtStart, 2)} at start; load generator, server, PostgreSQL and Meilisearch share this machine`);
    out.push(`${fmtInt(total)} courses (${fmtInt(generated.providers)} providers, ${fmtInt(generated.admitted)} admitted) over ${occupations.length} occupations and ${districts.length} districts of Liaoning; inserted in ${fmtSeconds(generated.ms)}, index rebuilt in ${fmtSeconds(reindex.ms)}`);
    out.push(`sanity: ${hitsFound}/${list.length} searches find courses`);
    out.push('');
    out.push(`## courses(query, filter, first: 10), ${clients} clients, ${seconds} s per side in ${rounds} alternating slices, ${list.length} searches`);
    out.push(
      consoleTable(
        ['side', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU ms/request: server', 'Meili', 'PG', 'bench'],
        [
          ['A GraphQL courses', fmtInt(a.requests), fmtInt(a.errors), fmtInt(a.rps), fmt(a.p50, 2), fmt(a.p95, 2), fmt(a.p99, 2), fmt(a.max, 1), ...cpuPerRequest(cpuA!, a.requests)],
          ['B Meilisearch search (direct)', fmtInt(b.requests), fmtInt(b.errors), fmtInt(b.rps), fmt(b.p50, 2), fmt(b.p95, 2), fmt(b.p99, 2), fmt(b.max, 1), ...cpuPerRequest(cpuB!, b.requests)],
        ],
      ),
    );
    out.push('CPU columns: CPU time per request of the API process, Meilisearch, all PostgreSQL processes and this load generator; the sides differ by what the API adds');
    out.push(`goal: GraphQL p95 ${fmt(a.p95, 2)} ms ≤ 1.3 × ${fmt(b.p95, 2)} + 3 = ${fmt(limit, 2)} ms → ${a.p95 <= limit && a.errors === 0 ? 'met' : 'NOT met'}`);
    out.push(`server RSS under GraphQL load: peak ${fmt(rss.peakMiB, 0)} MiB, average ${fmt(rss.avgMiB, 0)} MiB`);
    out.push('');
    out.push(`## publishShortageCatalog (50 occupations) → every affected course shows the new uplift in search, ${publications} publications`);
    out.push(fanout.rows.map((r) => `  ${r.region}: ${fmtInt(r.affected)} courses, ${fmt(r.ms, 0)} ms (mutation ${fmt(r.mutationMs, 0)} ms)`).join('\n'));
    out.push(`p50 ${fmt(fanout.p50, 0)} ms, p95 ${fmt(fanout.p95, 0)} ms; goal p95 ≤ 2000 ms → ${fanout.p95 <= 2000 ? 'met' : 'NOT met'}`);
    out.push(`server stopped in ${fmtSeconds(stop.ms)} (exit ${stop.code ?? stop.signal})`);
    out.push('', '## For README.md', '');
    out.push(
      markdownTable(
        ['Measure', 'Result'],
        [
          [`\`courses(query, filter)\` via GraphQL, ${clients} clients`, `p50 ${fmt(a.p50)} / p95 ${fmt(a.p95)} ms, ${fmtInt(a.rps)} req/s, ${a.errors} errors`],
          [`Same search straight to Meilisearch, ${clients} clients`, `p50 ${fmt(b.p50)} / p95 ${fmt(b.p95)} ms, ${fmtInt(b.rps)} req/s`],
          ['Goal: GraphQL p95 ≤ 1.3 × Meilisearch p95 + 3 ms', `${a.p95 <= limit ? 'met' : 'NOT met'} (${fmt(a.p95)} ≤ ${fmt(limit)} ms)`],
          ['`publishShortageCatalog` (50 occupations) → affected courses updated in search', `p50 ${fmt(fanout.p50, 0)} / p95 ${fmt(fanout.p95, 0)} ms over ${publications} publications (goal p95 ≤ 2 s: ${fanout.p95 <= 2000 ? 'met' : 'NOT met'})`],
          ['Index rebuild of all courses (`npm run cli -- reindex courses`)', fmtSeconds(reindex.ms)],
        ],
        ['l', 'l'],
      ),
    );
    out.push('', `Measured with \`${command}\` (node ${process.version}, ${cpu.length} CPUs).`, '');
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } finally {
    await pg?.end().catch(() => {});
    await endBenchRun(server, dataDir, values.keep);
  }
}

async function sanity(url: string, list: Search[]): Promise<number> {
  let found = 0;
  for (const s of list) {
    const res = await graphql<{ courses: { totalCount: number } }>(url, COURSES_QUERY, { q: s.q, filter: s.filter, sort: s.sort });
    if (res.courses.totalCount > 0) found++;
  }
  return found;
}

/**
 * Each round drafts a catalog for a city, lists 50 occupations that city has courses for with an
 * uplift different from the one in force, publishes it, and polls Meilisearch until the number of
 * that city's courses carrying the new uplift equals what PostgreSQL says is affected.
 */
async function catalogFanout(
  pg: Client,
  url: string,
  token: string,
  meili: { url: string; masterKey: string },
  uid: string,
  occupations: { code: string }[],
  publications: number,
) {
  const cityRows = (await pg.query(`SELECT trim(code) AS code FROM region WHERE code LIKE '21__00' AND code NOT IN ('210000', '210200') ORDER BY code`)).rows.map((r) => r.code as string);
  const rows: { region: string; affected: number; ms: number; mutationMs: number }[] = [];
  for (let round = 0; round < publications; round++) {
    const region = cityRows[round % cityRows.length];
    const uplift = round % 2 === 0 ? '10.00' : '5.00';
    const effectiveFrom = `2027-0${1 + Math.floor(round / cityRows.length)}-01`;
    const chosen: string[] = (
      await pg.query(
        `SELECT occupation_code FROM course WHERE region_code LIKE $1 GROUP BY occupation_code ORDER BY count(*) DESC, occupation_code OFFSET $2 LIMIT 50`,
        [`${region.slice(0, 4)}%`, (round * 13) % 200],
      )
    ).rows.map((r) => r.occupation_code);
    const draft = await graphql<{ draftShortageCatalog: { shortageCatalog: { id: string } | null; userErrors: unknown[] } }>(
      url,
      `mutation($input: DraftShortageCatalogInput!) { draftShortageCatalog(input: $input) { shortageCatalog { id } userErrors { field message } } }`,
      { input: { regionCode: region, period: `2027-${String(round + 1).padStart(2, '0')}`, title: `基准测试目录 ${round}`, minRatio: '999999' } },
      token,
    );
    const catalogId = draft.draftShortageCatalog.shortageCatalog?.id;
    if (!catalogId) throw new Error(`draftShortageCatalog: ${JSON.stringify(draft.draftShortageCatalog.userErrors)}`);
    for (const occupationCode of chosen) {
      const set = await graphql<{ setShortageCatalogEntry: { userErrors: unknown[] } }>(
        url,
        `mutation($input: SetShortageCatalogEntryInput!) { setShortageCatalogEntry(input: $input) { userErrors { field message } } }`,
        { input: { catalogId, occupationCode, level: 'SHORT', subsidyUpliftPercent: uplift } },
        token,
      );
      if (set.setShortageCatalogEntry.userErrors.length) throw new Error(`setShortageCatalogEntry: ${JSON.stringify(set.setShortageCatalogEntry.userErrors)}`);
    }
    const [{ n: expected }] = (
      await pg.query(`SELECT count(*)::int AS n FROM course WHERE region_code LIKE $1 AND occupation_code = ANY($2::text[]) AND starts_on >= $3`, [
        `${region.slice(0, 4)}%`,
        chosen,
        effectiveFrom,
      ])
    ).rows;
    const filter = [`regionCodes = "${region}"`, `occupationCode IN [${chosen.map((c) => `"${c}"`).join(', ')}]`, `startsOn >= ${effectiveFrom.replaceAll('-', '')}`, `shortageUpliftHundredths = ${Number(uplift) * 100}`];
    const started = performance.now();
    const published = await graphql<{ publishShortageCatalog: { userErrors: unknown[] } }>(
      url,
      `mutation($input: PublishShortageCatalogInput!) { publishShortageCatalog(input: $input) { shortageCatalog { id status } userErrors { field message } } }`,
      { input: { catalogId, effectiveFrom } },
      token,
    );
    const mutationMs = performance.now() - started;
    if (published.publishShortageCatalog.userErrors.length) throw new Error(`publishShortageCatalog: ${JSON.stringify(published.publishShortageCatalog.userErrors)}`);
    for (;;) {
      const res = await httpRequest(`${meili.url}/indexes/${uid}/search`, {
        body: JSON.stringify({ q: '', filter, hitsPerPage: 1, page: 1 }),
        headers: { authorization: `Bearer ${meili.masterKey}` },
      });
      const json = JSON.parse(res.body) as { totalHits?: number };
      if (json.totalHits === expected) break;
      if (performance.now() - started > 60_000) throw new Error(`after 60 s only ${json.totalHits} of ${expected} courses show the uplift`);
      await sleep(10);
    }
    rows.push({ region, affected: expected, ms: performance.now() - started, mutationMs });
    progress(`publication ${round + 1}/${publications}: ${region}, ${expected} courses in ${fmt(rows[rows.length - 1].ms, 0)} ms`);
  }
  const sorted = Float64Array.from(rows.map((r) => r.ms)).sort();
  return { rows, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

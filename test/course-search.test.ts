import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { CourseSearchService, CourseSort, type CourseSearchFilter } from '../domain/supply/course-search.service';
import { SearchEngine } from '../search/engine';
import { Role } from '../server/auth';
import { createLogger } from '../server/logger';
import { addOccupationAlias, startTestPlatform, type TestPlatform } from './harness';
import { addDays } from '../domain/supply/subsidy-quote';
import { In } from 'typeorm';
import { Course } from '../domain/supply/course.entity';
import { Provider } from '../domain/supply/provider.entity';
import { Occupation } from '../domain/occupation/occupation.entity';
import { Region } from '../domain/region/region.entity';
import { ReferenceRows } from '../domain/reference/reference-rows';
import { QuoteFactsCache } from '../domain/supply/subsidy-facts';

const COURSES = `query($query: String, $filter: CourseFilter, $sort: CourseSort, $first: Int) {
  courses(query: $query, filter: $filter, sort: $sort, first: $first) {
    totalCount
    nodes { id title occupationCode regionCode skillLevel trainingType startsOn mode status provider { name } }
  }
}`;

const inDays = (days: number) => addDays(todayInChina(), days);
const courseGid = (id: string) => Buffer.from(`Course:${id}`).toString('base64url');

/** 大连市急需紧缺职业目录（2026年）, in force from 2026-01-01 (demo/shortage.ts); no other region has a catalog. */
const DALIAN_SHORTAGE_OCCUPATIONS = ['4-04-05-05', '4-10-01-05', '6-18-01-07', '6-31-07-03', '6-18-02-04', '4-02-06-03'];
const DALIAN_CATALOG_FROM = '2026-01-01';

interface CourseNode {
  id: string;
  title: string;
  occupationCode: string;
  regionCode: string;
  skillLevel: string;
  trainingType: string;
  startsOn: string;
  mode: string;
  status: string;
  provider: { name: string };
}

describe('anyone searching published courses', () => {
  let app: TestPlatform;
  const search = async (variables: Record<string, unknown>) => {
    const res = await app.gql(COURSES, { first: 50, ...variables });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.courses as { totalCount: number; nodes: CourseNode[] };
  };
  const netCostOf = async (courseId: string) => {
    const res = await app.gql(`query($id: ID!) { subsidyQuote(courseId: $id) { netCost totalSubsidy } }`, { id: courseId });
    expect(res.errors).toBeUndefined();
    return Number(res.data.subsidyQuote.netCost);
  };
  /** The same search answered by PostgreSQL, as when Meilisearch is unreachable (an engine pointed at a closed port). */
  const searchDegraded = async (query: string | undefined, filter: CourseSearchFilter) => {
    const db = app.platform.infrastructure.dataSource;
    const offline = new CourseSearchService(db, new SearchEngine({ url: 'http://127.0.0.1:9', indexPrefix: app.indexPrefix }), createLogger('error'));
    const page = await offline.find(query, filter, CourseSort.RELEVANCE, 0, 50);
    expect(page.degraded).toBe(true);
    return new Set(page.ids.map(courseGid));
  };
  const ids = (nodes: { id: string }[]) => new Set(nodes.map((n) => n.id));

  beforeAll(async () => {
    app = await startTestPlatform();
    const db = app.platform.infrastructure.dataSource;
    // A provincial standard every demo course inherits, so subsidies (and net costs) differ by level.
    await db.query(
      `INSERT INTO subsidy_standard (region_code, kind, skill_level, amount, unit, effective_from, basis)
       VALUES ('210000', 'TRAINING', 'JUNIOR', 1000, 'PER_PERSON', '2020-01-01', 'test'),
              ('210000', 'TRAINING', 'INTERMEDIATE', 1500, 'PER_PERSON', '2020-01-01', 'test'),
              ('210000', 'TRAINING', 'SENIOR', 2000, 'PER_PERSON', '2020-01-01', 'test')`,
    );
    await db.query(`INSERT INTO search_outbox (index_name, document_id) SELECT 'courses', id::text FROM course`);
    await app.settle();
  });
  afterAll(() => app?.stop());

  it('finds courses by words of the title and by an occupation alias, anonymously', async () => {
    const care = await search({ query: '养老', filter: { regionCode: '210200' } });
    expect(care.nodes.length).toBeGreaterThanOrEqual(2);
    expect(care.nodes.every((n) => n.occupationCode === '4-10-01-05' || /养老/.test(n.title))).toBe(true);
    // 数标员 is an alias of 人工智能训练师 (4-04-05-05); no course title says it.
    const byAlias = await search({ query: '数标员' });
    expect(byAlias.nodes.length).toBeGreaterThan(0);
    expect(byAlias.nodes[0].occupationCode).toBe('4-04-05-05');
    const electrician = await search({ query: '水电工' });
    expect(electrician.nodes.map((n) => n.occupationCode)).toContain('6-31-01-03');
  });

  it('finds courses by an alias staff add later: their documents are rebuilt with it', async () => {
    expect((await search({ query: '银龄照护' })).nodes).toEqual([]);
    await addOccupationAlias(app, '4-10-01-05', '银龄照护');
    const found = await search({ query: '银龄照护' });
    expect(found.nodes.length).toBeGreaterThan(0);
    expect(found.nodes.every((n) => n.occupationCode === '4-10-01-05')).toBe(true);
  });

  it('filters by region (with the regions below it), mode, occupation and start dates', async () => {
    const all = await search({});
    expect(all.nodes.length).toBeGreaterThan(10);
    expect(all.nodes.every((n) => n.status === 'PUBLISHED')).toBe(true);
    expect(all.nodes.map((n) => n.title)).not.toContain('无人机驾驶员（四级）培训班（筹备中）'); // a draft

    const ganjingzi = await search({ filter: { regionCode: '210211' } });
    expect(ganjingzi.nodes.length).toBeGreaterThan(0);
    expect((await search({ filter: { regionCode: '210100' } })).nodes).toEqual([]);
    const online = await search({ filter: { mode: 'ONLINE' } });
    expect(online.nodes.length).toBeGreaterThan(0);
    expect(online.nodes.every((n) => n.mode === 'ONLINE')).toBe(true);
    const welders = await search({ filter: { occupationCode: '6-18-02-04' } });
    expect(welders.nodes).toHaveLength(2);

    const from = inDays(20);
    const until = inDays(35);
    const window = await search({ filter: { startsAfter: from, startsBefore: until } });
    expect(window.nodes.length).toBeGreaterThan(0);
    expect(window.nodes.every((n) => n.startsOn >= from && n.startsOn <= until)).toBe(true);
    expect(window.nodes.length).toBeLessThan(all.nodes.length);
  });

  it('keeps only subsidised courses when asked: the suspended provider’s course is not', async () => {
    const all = await search({ filter: { regionCode: '210200' } });
    const subsidised = await search({ filter: { regionCode: '210200', subsidisedOnly: true } });
    const suspended = all.nodes.filter((n) => n.provider.name === '大连速成职业培训中心');
    expect(suspended).toHaveLength(1);
    expect(subsidised.nodes.map((n) => n.id)).not.toContain(suspended[0].id);
    // Every other course has a standard (the provincial one) and an admitted provider.
    expect(subsidised.nodes).toHaveLength(all.nodes.length - 1);
  });

  it('keeps only shortage courses: their occupation is on the catalog in force where and when each is held, from Meilisearch and from PostgreSQL alike', async () => {
    const db = app.platform.infrastructure.dataSource;
    const listed = new Set(DALIAN_SHORTAGE_OCCUPATIONS);
    const onDalianCatalog = (n: CourseNode) => listed.has(n.occupationCode) && n.regionCode.startsWith('2102') && n.startsOn >= DALIAN_CATALOG_FROM;
    // Two care courses (养老护理员 is on Dalian's list) that are not shortage courses all the same: one held in
    // Shenyang, which has no catalog, and one in Dalian that starts before the catalog came in force.
    const copy = (title: string, region: string, startsOn: string) =>
      db.query(
        `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code,
                             capacity, fee, description, status, published_at, version)
         SELECT provider_id, $1, occupation_code, skill_level, training_type, mode, hours, $3::date, $3::date + 24, $2,
                capacity, fee, description, 'PUBLISHED', now(), 1
           FROM course WHERE title = '养老护理员（五级）就业技能培训'
         RETURNING id::text AS id`,
        [title, region, startsOn],
      ) as Promise<{ id: string }[]>;
    const [[shenyang], [early]] = [await copy('养老护理员（五级）沈阳和平班', '210102', inDays(14)), await copy('养老护理员（五级）往期班', '210202', '2025-12-20')];
    const added = [shenyang.id, early.id];
    await db.query(`INSERT INTO search_outbox (index_name, document_id) SELECT 'courses', unnest($1::text[])`, [added]);
    await app.settle();
    try {
      // A job seeker looking for care work across the province sees both extra courses…
      const care = await search({ query: '养老' });
      expect([...ids(care.nodes)]).toEqual(expect.arrayContaining([courseGid(shenyang.id), courseGid(early.id)]));
      // …and, asking for shortage courses only, neither of them, only Dalian's courses of a listed occupation.
      const careShortage = await search({ query: '养老', filter: { shortageOnly: true } });
      expect(careShortage.nodes.length).toBeGreaterThanOrEqual(2);
      expect(careShortage.nodes.every((n) => n.occupationCode === '4-10-01-05' && n.regionCode.startsWith('2102'))).toBe(true);
      expect(ids(careShortage.nodes)).toEqual(ids(care.nodes.filter(onDalianCatalog)));

      // 人工智能 finds the listed 人工智能训练师 and the unlisted 生成式人工智能系统应用员 (4-04-05-13); the filter drops the latter.
      const ai = await search({ query: '人工智能' });
      const generative = ai.nodes.find((n) => n.occupationCode === '4-04-05-13');
      expect(generative?.title).toBe('生成式人工智能系统应用员入门');
      const aiShortage = await search({ query: '人工智能', filter: { shortageOnly: true } });
      expect(aiShortage.nodes.map((n) => n.id)).not.toContain(generative!.id);
      expect(aiShortage.nodes.map((n) => n.occupationCode)).toEqual(['4-04-05-05', '4-04-05-05']);

      // Without words: exactly the published courses held in Dalian, starting once the catalog is in force, of a listed
      // occupation. The robot apprenticeship (6-31-07-01) is not, though its neighbour 6-31-07-03 is listed.
      const all = await search({});
      const shortage = await search({ filter: { shortageOnly: true } });
      const expected = all.nodes.filter(onDalianCatalog);
      expect(expected.length).toBeGreaterThanOrEqual(8);
      expect(ids(shortage.nodes)).toEqual(ids(expected));
      expect(shortage.totalCount).toBe(expected.length);
      expect(all.nodes.map((n) => n.occupationCode)).toContain('6-31-07-01');
      expect(shortage.nodes.map((n) => n.occupationCode)).not.toContain('6-31-07-01');
      // Each one the bureau's own answer confirms: the entry in force for the course's region on its start date.
      for (const n of shortage.nodes) {
        const status = await app.gql(`query($r: String!, $o: String!, $on: Date) { shortageStatus(regionCode: $r, occupationCode: $o, on: $on) { occupationCode } }`, {
          r: n.regionCode,
          o: n.occupationCode,
          on: n.startsOn,
        });
        expect(status.errors).toBeUndefined();
        expect(status.data.shortageStatus, n.title).toEqual({ occupationCode: n.occupationCode });
      }

      // With Meilisearch unreachable, PostgreSQL answers the same courses.
      expect(await searchDegraded('养老', { shortageOnly: true })).toEqual(ids(careShortage.nodes));
      expect(await searchDegraded('人工智能', { shortageOnly: true })).toEqual(ids(aiShortage.nodes));
      expect(await searchDegraded(undefined, { shortageOnly: true })).toEqual(ids(shortage.nodes));
      expect(await searchDegraded(undefined, {})).toEqual(ids(all.nodes));
    } finally {
      await db.query(`UPDATE course SET status = 'CANCELLED' WHERE id = ANY($1::bigint[])`, [added]);
      await db.query(`INSERT INTO search_outbox (index_name, document_id) SELECT 'courses', unnest($1::text[])`, [added]);
      await app.settle();
    }
  });

  it('narrows to a skill level or a training type, from Meilisearch and from PostgreSQL alike', async () => {
    const cases: { story: string; query?: string; filter: Record<string, string>; field: 'skillLevel' | 'trainingType'; excluded: string }[] = [
      // A holder of the level-4 AI certificate looks for the next level up: the level-4 class is left out.
      { story: 'senior AI', query: '人工智能', filter: { skillLevel: 'SENIOR' }, field: 'skillLevel', excluded: '人工智能训练师（四级）线上培训班' },
      { story: 'entry-level', filter: { skillLevel: 'JUNIOR' }, field: 'skillLevel', excluded: '车工（四级）就业技能培训' },
      { story: 'intermediate', filter: { skillLevel: 'INTERMEDIATE' }, field: 'skillLevel', excluded: '焊工（三级）高级班' },
      // A graduate changing field wants major-conversion courses, not on-the-job upgrading.
      { story: 'major conversion', filter: { trainingType: 'MAJOR_CONVERSION' }, field: 'trainingType', excluded: '人工智能训练师（三级）提升班' },
      { story: 'upgrading for care workers', query: '养老', filter: { trainingType: 'SKILL_UPGRADING' }, field: 'trainingType', excluded: '养老护理员（五级）就业技能培训' },
      { story: 'entrepreneurship', filter: { trainingType: 'ENTREPRENEURSHIP' }, field: 'trainingType', excluded: '家政服务员劳动预备制培训' },
    ];
    for (const c of cases) {
      const wanted = Object.values(c.filter)[0];
      const all = await search({ query: c.query });
      const narrowed = await search({ query: c.query, filter: c.filter });
      expect(narrowed.nodes.length, c.story).toBeGreaterThan(0);
      expect(narrowed.nodes.every((n) => n[c.field] === wanted), c.story).toBe(true);
      expect(ids(narrowed.nodes), c.story).toEqual(ids(all.nodes.filter((n) => n[c.field] === wanted)));
      const other = all.nodes.find((n) => n.title === c.excluded);
      expect(other?.[c.field], c.story).not.toBe(wanted);
      expect(narrowed.nodes.map((n) => n.id), c.story).not.toContain(other!.id);
      expect(await searchDegraded(c.query, c.filter as CourseSearchFilter), c.story).toEqual(ids(narrowed.nodes));
    }
  });

  it('sorts by start date, and by net cost after subsidy', async () => {
    const byStart = await search({ sort: 'STARTS_ON' });
    const starts = byStart.nodes.map((n) => n.startsOn);
    expect(starts).toEqual([...starts].sort());
    const byCost = await search({ filter: { regionCode: '210200' }, sort: 'NET_COST', first: 8 });
    const costs = await Promise.all(byCost.nodes.map((n) => netCostOf(n.id)));
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    // The cheapest is the apprenticeship, free to the apprentice.
    expect(costs[0]).toBe(0);
  });

  it('costs the same number of SQL queries for a page of 100 as for 10, with subsidy, provider, occupation and region', async () => {
    const db = app.platform.infrastructure.dataSource;
    // 120 more published courses, copies of the demo's, so a page of 100 is full.
    await db.query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code,
                           capacity, fee, description, status, published_at, version)
       SELECT c.provider_id, c.title || '（加开' || g || '班）', c.occupation_code, c.skill_level, c.training_type, c.mode, c.hours,
              c.starts_on + g, c.ends_on + g, c.region_code, c.capacity, c.fee, c.description, 'PUBLISHED', now(), 1
         FROM course c CROSS JOIN generate_series(1, 6) g WHERE c.status = 'PUBLISHED' LIMIT 120`,
    );
    await db.query(`INSERT INTO search_outbox (index_name, document_id) SELECT 'courses', id::text FROM course`);
    await app.settle();
    const page = async (first: number) => {
      const res = await app.gql(
        `query($first: Int) { courses(first: $first, sort: STARTS_ON) { nodes { title subsidy { netCost lines { label } } provider { name admittedOn } occupation { name } region { name } } } }`,
        { first },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.courses.nodes).toHaveLength(first);
      return res.extensions!.sqlQueries!;
    };
    // Counted with this process's copies of occupations and regions and of the quote facts current, as they are between imports and policy changes.
    await ReferenceRows.of(db).reload();
    await QuoteFactsCache.of(db.manager).reload();
    const ten = await page(10);
    expect(await page(100)).toBe(ten);
    expect(ten).toBeLessThanOrEqual(10);
    // Subsidised only: each course's live quote is worked out from the page as read and the facts held, with no statement more.
    const titles = async (filter: Record<string, unknown>) => {
      const res = await app.gql(`query($filter: CourseFilter) { courses(first: 10, sort: STARTS_ON, filter: $filter) { nodes { title occupation { name } } } }`, { filter });
      expect(res.errors).toBeUndefined();
      expect(res.data.courses.nodes.length).toBeGreaterThan(0);
      return res.extensions!.sqlQueries!;
    };
    expect(await titles({ subsidisedOnly: true })).toBe(await titles({}));
  });

  it('loads a page of courses exactly as TypeORM would, in one statement: every column, the provider, occupation and region', async () => {
    const db = app.platform.infrastructure.dataSource;
    const ids: string[] = (await db.query(`SELECT id::text AS id FROM course ORDER BY id LIMIT 5`)).map((r: { id: string }) => r.id);
    const page = await app.platform.services.courseSearch.loadPage([...ids, 'not-an-id']);
    const expected = await db.getRepository(Course).find({ where: { id: In(ids) }, relations: { provider: true }, order: { id: 'ASC' } });
    const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);
    expect([...page.courses].sort(byId)).toEqual(expected);
    expect(page.courses.every((c) => c instanceof Course && c.provider instanceof Provider)).toBe(true);
    expect(new Set(page.occupations.map((o) => o.code))).toEqual(new Set(expected.map((c) => c.occupationCode)));
    expect(page.occupations[0]).toEqual(await db.getRepository(Occupation).findOneByOrFail({ code: page.occupations[0].code }));
    expect(page.regions[0]).toEqual(await db.getRepository(Region).findOneByOrFail({ code: page.regions[0].code }));
  });

  it('shows occupations and regions from the copy held in memory only while neither has changed, wherever the change was made', async () => {
    const db = app.platform.infrastructure.dataSource;
    const [{ id, code, region }] = await db.query(`SELECT id::text AS id, occupation_code AS code, region_code AS region FROM course ORDER BY id LIMIT 1`);
    const [{ name }] = await db.query(`SELECT name FROM occupation WHERE code = $1`, [code]);
    const rename = (to: string) => db.query(`UPDATE occupation SET name = $1 WHERE code = $2`, [to, code]);
    const shown = async () => {
      const page = await app.platform.services.courseSearch.loadPage([id]);
      expect(page.regions.map((r) => r.code)).toEqual([region]);
      return page.occupations.map((o) => o.name);
    };
    const held = ReferenceRows.of(db);
    await held.reload();
    expect(held.heldVersion).toBe((await db.query(`SELECT version::text FROM reference_rows_version`))[0].version);
    expect(await shown()).toEqual([name]);
    // Requests share the held entities.
    expect(Object.isFrozen((await app.platform.services.courseSearch.loadPage([id])).occupations[0])).toBe(true);

    // A change the version does not record stays unseen: proof that pages read the held copy.
    await db.query(`ALTER TABLE occupation DISABLE TRIGGER occupation_reference_rows_changed`);
    try {
      await rename(`${name}（未记版本）`);
    } finally {
      await db.query(`ALTER TABLE occupation ENABLE TRIGGER occupation_reference_rows_changed`);
    }
    expect(await shown()).toEqual([name]);

    // Any change through the table (the import CLI, another instance) moves the version: the next page reads it.
    await rename(`${name}（新名）`);
    expect(await shown()).toEqual([`${name}（新名）`]);
    await held.reload();
    expect(held.heldVersion).toBe((await db.query(`SELECT version::text FROM reference_rows_version`))[0].version);
    expect(await shown()).toEqual([`${name}（新名）`]);
    await rename(name);
    expect(await shown()).toEqual([name]);
  });

  it('reads occupations and regions with each page when there are more than a copy may hold, without reloading for every page', async () => {
    const db = app.platform.infrastructure.dataSource;
    const [{ id, code }] = await db.query(`SELECT id::text AS id, occupation_code AS code FROM course ORDER BY id LIMIT 1`);
    const [{ name }] = await db.query(`SELECT name FROM occupation WHERE code = $1`, [code]);
    const held = ReferenceRows.of(db);
    const shown = async () => (await app.platform.services.courseSearch.loadPage([id])).occupations.map((o) => o.name);
    const reload = vi.spyOn(held, 'reload');
    const limit = held.heldRowsLimit;
    await held.reload(); // lets one an earlier request started finish first
    held.heldRowsLimit = 1;
    try {
      await held.reload();
      expect(held.heldVersion).toBeUndefined();
      reload.mockClear();
      expect(await shown()).toEqual([name]);
      expect(await shown()).toEqual([name]);
      expect(reload).not.toHaveBeenCalled();
      // A new version may have fewer rows: the first page after it asks for a copy again.
      await db.query(`UPDATE occupation SET name = $1 WHERE code = $2`, [`${name}（改）`, code]);
      expect(await shown()).toEqual([`${name}（改）`]);
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      reload.mockRestore();
      await held.reload(); // the one the last page started, if it is still running
      held.heldRowsLimit = limit;
      await db.query(`UPDATE occupation SET name = $1 WHERE code = $2`, [name, code]);
      await held.reload();
    }
    expect(held.heldVersion).toBe((await db.query(`SELECT version::text FROM reference_rows_version`))[0].version);
    expect(await shown()).toEqual([name]);
  });

  it('lets a cancelled course leave search, and says `degraded` when PostgreSQL answers instead of Meilisearch', async () => {
    const db = app.platform.infrastructure.dataSource;
    const [{ id }] = await db.query(`SELECT id::text FROM course WHERE title = '焊工（三级）高级班'`);
    const provider = (await db.query(`SELECT provider_id::text AS p FROM course WHERE id = $1`, [id]))[0].p;
    const token = await app.token(Role.PROVIDER, { provider });
    const gid = Buffer.from(`Course:${id}`).toString('base64url');
    const cancelled = await app.gql(`mutation($input: CancelCourseInput!) { cancelCourse(input: $input) { course { status } userErrors { message } } }`, { input: { courseId: gid } }, { token });
    expect(cancelled.data.cancelCourse).toEqual({ course: { status: 'CANCELLED' }, userErrors: [] });
    // Right away (before the index catches up) the answer is re-checked against PostgreSQL.
    expect((await search({ query: '焊工' })).nodes.map((n) => n.id)).not.toContain(gid);
    await app.settle();
    expect((await search({ query: '焊工' })).nodes.map((n) => n.id)).not.toContain(gid);

    const offline = new CourseSearchService(db, new SearchEngine({ url: 'http://127.0.0.1:9', indexPrefix: app.indexPrefix }), createLogger('error'));
    const fallback = await offline.find('养老', { regionCode: '210200', subsidisedOnly: true }, CourseSort.NET_COST, 0, 50);
    expect(fallback.degraded).toBe(true);
    const online = await search({ query: '养老', filter: { regionCode: '210200', subsidisedOnly: true }, sort: 'NET_COST' });
    expect(new Set(fallback.ids.map((i) => Buffer.from(`Course:${i}`).toString('base64url')))).toEqual(new Set(online.nodes.map((n) => n.id)));
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { CourseSearchService, CourseSort } from '../domain/supply/course-search.service';
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

const COURSES = `query($query: String, $filter: CourseFilter, $sort: CourseSort, $first: Int) {
  courses(query: $query, filter: $filter, sort: $sort, first: $first) {
    totalCount
    nodes { id title occupationCode startsOn mode status provider { name } }
  }
}`;

const inDays = (days: number) => addDays(todayInChina(), days);

describe('anyone searching published courses', () => {
  let app: TestPlatform;
  const search = async (variables: Record<string, unknown>) => {
    const res = await app.gql(COURSES, { first: 50, ...variables });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.courses as { totalCount: number; nodes: { id: string; title: string; occupationCode: string; startsOn: string; mode: string; status: string; provider: { name: string } }[] };
  };
  const netCostOf = async (courseId: string) => {
    const res = await app.gql(`query($id: ID!) { subsidyQuote(courseId: $id) { netCost totalSubsidy } }`, { id: courseId });
    expect(res.errors).toBeUndefined();
    return Number(res.data.subsidyQuote.netCost);
  };

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
    // Counted with this process's copy of occupations and regions current, as it is between imports.
    await ReferenceRows.of(db).reload();
    const ten = await page(10);
    expect(await page(100)).toBe(ten);
    expect(ten).toBeLessThanOrEqual(10);
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { addDays } from '../domain/supply/subsidy-quote';
import { CANDIDATE_CEILING } from '../domain/matching/candidate-match.service';
import { candidatePool } from '../domain/matching/course-match.service';
import { residentIdNumber } from './fixtures/identity';
import { COURSES_INDEX, sweepStartedCourses } from '../search/courses.index';
import { fromGlobalId, toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { requestStore, type RequestStore } from '../server/request-store';
import { startTestPlatform, switchableRelay, type TestPlatform } from './harness';

const TODAY = todayInChina();
const YEAR = Number(TODAY.slice(0, 4));
const AI_TRAINER = '4-04-05-05';
const ELDERLY_CARE = '4-10-01-05';
const CNC = '6-18-01-07';
const WELDER = '6-18-02-04';
const MILLING = '6-18-01-02';
const TURNER = '6-18-01-01';

let serial = 100;
/** A valid resident identity number of someone born in 2001. */
const idNumber = () => residentIdNumber('20010101', serial++);
const dbId = (globalId: string) => fromGlobalId(globalId)!.key;

const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { jobSeeker { id } userErrors { field code message } } }`;
const MATCHES = `query($seekerId: ID!, $first: Int, $filter: MatchFilter) {
  courseMatches(seekerId: $seekerId, first: $first, filter: $filter) {
    degraded
    nodes { rank score openDemandHeadcount reasons { code label weight }
            subsidy { fee baseSubsidy shortageUpliftPercent groupSupplements totalSubsidy netCost lines { kind } }
            course { id title occupationCode skillLevel mode regionCode eligibleGroups provider { name } occupation { name } region { name } } }
  }
}`;
const CANDIDATES = `query($courseId: ID!, $first: Int) { candidatesForCourse(courseId: $courseId, first: $first) {
  nodes { rank score jobSeeker { id idNumber } reasons { code label weight } subsidy { totalSubsidy groupSupplements } } } }`;
const DEMAND_MATCHES = `query($seekerId: ID!) { postDemandMatches(seekerId: $seekerId, first: 20) {
  degraded nodes { rank score postDemand { id jobTitle occupationCode skillLevel } bridgingCourse { id title skillLevel } reasons { code label weight } } } }`;

describe('matching job seekers to subsidised courses and jobs', () => {
  let app: TestPlatform;
  let relay: Awaited<ReturnType<typeof switchableRelay>>;
  const as = {} as Record<'counsellor' | 'shenyangCounsellor' | 'admin' | 'enterprise', string>;
  const db = () => app.platform.infrastructure.dataSource;

  const register = async (fields: Record<string, unknown>, token = as.counsellor): Promise<string> => {
    const input = {
      name: '测试求职者',
      idNumber: idNumber(),
      phone: '13800000000',
      regionCode: '210202',
      educationLevel: 'SENIOR_HIGH',
      employmentStatus: 'UNEMPLOYED',
      targetOccupationCodes: [],
      groups: [],
      consent: true,
      ...fields,
    };
    const res = await app.gql(REGISTER, { input }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.registerJobSeeker.userErrors).toEqual([]);
    return res.data.registerJobSeeker.jobSeeker.id;
  };
  const matches = async (seekerId: string, token = as.counsellor, first = 10, filter?: Record<string, unknown>) => {
    const res = await app.gql(MATCHES, { seekerId, first, filter }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.courseMatches as { degraded: boolean; nodes: any[] };
  };
  const courseId = async (title: string) => toGlobalId('Course', (await db().query(`SELECT id::text FROM course WHERE title = $1`, [title]))[0].id);

  /** A published course inserted as the course service leaves it; returns its global id. */
  const course = async (spec: { title: string; occupationCode?: string; skillLevel?: string; mode?: string; regionCode?: string; startIn?: number; capacity?: number; enrolled?: number; groups?: string[]; status?: string; provider?: string }) => {
    const provider = spec.provider ?? (await db().query(`SELECT id::text FROM provider WHERE name = '大连市公共实训基地'`))[0].id;
    const startsOn = addDays(TODAY, spec.startIn ?? 20);
    const [{ id }] = await db().query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code, capacity, enrolled, fee, eligible_groups, status, published_at, version)
       VALUES ($1, $2, $3, $4, 'EMPLOYMENT_SKILLS', $5, 80, $6, $7, $8, $9, $10, 2000, $11, $12, now(), 1) RETURNING id::text AS id`,
      [provider, spec.title, spec.occupationCode ?? WELDER, spec.skillLevel ?? 'JUNIOR', spec.mode ?? 'ONSITE', startsOn, addDays(startsOn, 30), spec.regionCode ?? '210213',
       spec.capacity ?? 30, spec.enrolled ?? 0, spec.groups ?? [], spec.status ?? 'PUBLISHED'],
    );
    await db().query(`INSERT INTO search_outbox (index_name, document_id) VALUES ('courses', $1)`, [id]);
    return toGlobalId('Course', id);
  };

  beforeAll(async () => {
    relay = await switchableRelay(inject('meiliUrl'));
    app = await startTestPlatform({ meiliUrl: relay.url });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: '210100' });
    as.admin = await app.token(Role.ADMIN, { region: '210200' });
    as.enterprise = await app.token(Role.ENTERPRISE);
    await app.settle();
  });
  afterAll(async () => {
    await app?.stop();
    await relay?.close();
  });

  it('gives a graduate subsidised courses best first, with the reasons, their own subsidy and the local demand', async () => {
    const graduate = await register({
      educationLevel: 'BACHELOR',
      major: '计算机科学与技术',
      graduationDate: `${YEAR}-06-30`,
      employmentStatus: 'STUDENT',
      targetOccupationCodes: [AI_TRAINER],
    });
    const result = await matches(graduate);
    expect(result.degraded).toBe(false);
    const [best] = result.nodes;
    expect(best).toMatchObject({ rank: 1, course: { title: '人工智能训练师（四级）线上培训班', occupationCode: AI_TRAINER, provider: { name: '星海数字技能在线学院' } } });
    const labels = best.reasons.map((r: { label: string }) => r.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        '求职意向: 人工智能训练师',
        '急需紧缺职业（大连市 2026 目录）: 补贴上浮 10%',
        '本市岗位需求 35 人',
        '订单式培训: 对接 大连星海数据智能科技有限公司 35 个岗位',
      ]),
    );
    // The headcount is the open, valid demand for the occupation in Dalian, counted independently here.
    const [{ open }] = await db().query(
      `SELECT coalesce(sum(headcount), 0)::int AS open FROM post_demand WHERE occupation_code = $1 AND status = 'OPEN' AND valid_until >= $2 AND region_code LIKE '2102%'`,
      [AI_TRAINER, TODAY],
    );
    expect(best.openDemandHeadcount).toBe(open);
    // The score is the sum of what the reasons say they added.
    for (const node of result.nodes) {
      expect(node.score).toBeCloseTo(node.reasons.reduce((n: number, r: { weight: number }) => n + r.weight, 0), 3);
    }
    expect(result.nodes.map((n) => n.score)).toEqual([...result.nodes.map((n) => n.score)].sort((a, b) => b - a));
    expect(result.nodes.map((n) => n.rank)).toEqual(result.nodes.map((_, i) => i + 1));
    // The major finds the programming course by its words, not by a target.
    const programming = result.nodes.find((n) => n.course.title === '计算机程序设计员（四级）专业转换班');
    expect(programming.reasons.map((r: { label: string }) => r.label)).toContain('与专业 计算机科学与技术 相关');
    // A seeker of no level starts at the first rung; the level-four course is one rung beyond it.
    expect(labels).toContain('跨一级提升至 四级/中级工');

    // Deterministic: asked again, the same list and scores.
    expect((await matches(graduate)).nodes).toEqual(result.nodes);
  });

  it("quotes each course for the person: a school leaver from a low-income family gets the living-cost supplements", async () => {
    const leaver = await register({ groups: ['NON_CONTINUING_STUDENT', 'LOW_INCOME_FAMILY'], educationLevel: 'SENIOR_HIGH' });
    const result = await matches(leaver);
    const preparation = result.nodes.find((n) => n.course.title === '家政服务员劳动预备制培训');
    expect(preparation.reasons[0]).toMatchObject({ code: 'GROUP_TARGETED', label: '面向未继续升学的初高中毕业生、困难家庭成员的专项培训' });
    const quoted = await app.gql(`query($c: ID!, $s: ID) { subsidyQuote(courseId: $c, seekerId: $s) { totalSubsidy groupSupplements netCost } }`, { c: preparation.course.id, s: leaver }, { token: as.counsellor });
    expect(preparation.subsidy).toMatchObject(quoted.data.subsidyQuote);
    expect(Number(preparation.subsidy.groupSupplements)).toBeGreaterThan(0);
    expect(preparation.subsidy.lines.filter((l: { kind: string }) => l.kind === 'GROUP_SUPPLEMENT')).toHaveLength(2);
  });

  it('proposes a course reserved for women to the women their identity numbers name; typing the group makes no one a woman', async () => {
    const reserved = await course({ title: '巾帼养老护理员（五级）专项培训', occupationCode: ELDERLY_CARE, groups: ['WOMEN'] });
    await app.settle();
    // GB 11643: the 17th digit, the serial's last, is even for women. Neither names an occupation, so the reservation is the course's relevance.
    const woman = await register({ idNumber: residentIdNumber('19900101', '204') });
    const man = await register({ idNumber: residentIdNumber('19900101', '203'), groups: ['WOMEN'] });
    const forWoman = (await matches(woman)).nodes.find((n) => n.course.id === reserved);
    expect(forWoman.reasons[0]).toMatchObject({ code: 'GROUP_TARGETED', label: '面向妇女的专项培训' });
    expect((await matches(man)).nodes.map((n) => n.course.id)).not.toContain(reserved);

    await db().query(`UPDATE course SET status = 'CANCELLED' WHERE id = $1`, [dbId(reserved)]);
    await db().query(`INSERT INTO search_outbox (index_name, document_id) VALUES ('courses', $1)`, [dbId(reserved)]);
    await app.settle();
  });

  it('never proposes a course the person cannot take, even before the index catches up', async () => {
    const welder = await register({ targetOccupationCodes: [WELDER], currentSkillLevel: 'APPRENTICE', regionCode: '210211' });
    const ok = {
      local: await course({ title: '焊工（五级）本市班' }),
      online: await course({ title: '焊工（五级）线上班（沈阳）', mode: 'ONLINE', regionCode: '210102' }),
      forHisGroup: await course({ title: '焊工（五级）失业人员专班', groups: ['UNEMPLOYED', 'VETERAN'] }),
    };
    const refused = {
      otherCity: await course({ title: '焊工（五级）沈阳班', regionCode: '210102' }),
      blendedOtherCity: await course({ title: '焊工（五级）沈阳混合班', mode: 'BLENDED', regionCode: '210102' }),
      full: await course({ title: '焊工（五级）满员班', capacity: 20, enrolled: 20 }),
      started: await course({ title: '焊工（五级）已开班', startIn: -1 }),
      otherGroups: await course({ title: '焊工（五级）退役军人专班', groups: ['VETERAN'] }),
      notAbove: await course({ title: '焊工学徒班', skillLevel: 'APPRENTICE' }),
      draft: await course({ title: '焊工（五级）草稿班', status: 'DRAFT' }),
      suspendedProvider: await course({ title: '焊工（五级）速成班', provider: (await db().query(`SELECT id::text FROM provider WHERE name = '大连速成职业培训中心'`))[0].id }),
      cancelledUnseen: await course({ title: '焊工（五级）将取消班' }),
    };
    await app.settle();
    await db().query(`UPDATE job_seeker SET groups = '{UNEMPLOYED}' WHERE id = $1`, [dbId(welder)]);
    // Cancelled behind the index's back: PostgreSQL has the last word.
    await db().query(`UPDATE course SET status = 'CANCELLED' WHERE id = $1`, [dbId(refused.cancelledUnseen)]);

    const res = await app.gql(`query($s: ID!) { courseMatches(seekerId: $s, first: 50) { nodes { course { id } } } }`, { s: welder }, { token: as.counsellor });
    expect(res.errors).toBeUndefined();
    const shown = new Set(res.data.courseMatches.nodes.map((n: any) => n.course.id));
    for (const [why, id] of Object.entries(ok)) expect(shown.has(id), why).toBe(true);
    for (const [why, id] of Object.entries(refused)) expect(shown.has(id), why).toBe(false);
    // The demo's level-four welding course is two rungs up from apprentice but still above: allowed.
    expect(shown.has(await courseId('焊工（四级）培训班'))).toBe(true);
  });

  it('does not propose the course a person is enrolled in, nor one at overlapping dates, which enrolment would refuse', async () => {
    const welder = await register({ targetOccupationCodes: [WELDER], currentSkillLevel: 'APPRENTICE', regionCode: '210211' });
    const taken = await course({ title: '焊工（五级）已报名班', startIn: 20 }); // days 20 to 50
    const overlapping = await course({ title: '焊工（五级）同期班', startIn: 50 });
    const later = await course({ title: '焊工（五级）下期班', startIn: 51 });
    await app.settle();
    const enrolled = await app.gql(`mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { userErrors { code } } }`,
      { input: { courseId: taken, seekerId: welder } }, { token: as.counsellor });
    expect(enrolled.data.enrollInCourse.userErrors).toEqual([]);

    const res = await app.gql(`query($s: ID!) { courseMatches(seekerId: $s, first: 50) { nodes { course { id } } } }`, { s: welder }, { token: as.counsellor });
    const shown = new Set(res.data.courseMatches.nodes.map((n: any) => n.course.id));
    expect(shown.has(taken), 'the course taken').toBe(false);
    expect(shown.has(overlapping), 'a course at overlapping dates').toBe(false);
    expect(shown.has(later), 'a course after it').toBe(true);
    const candidates = async (courseId: string) =>
      (await app.gql(`query($c: ID!) { candidatesForCourse(courseId: $c, first: 50) { nodes { jobSeeker { id } } } }`, { c: courseId }, { token: as.counsellor }))
        .data.candidatesForCourse.nodes.map((n: any) => n.jobSeeker.id);
    expect(await candidates(overlapping)).not.toContain(welder);
    expect(await candidates(later)).toContain(welder);
  });

  it('stops offering a course from the day it has started: the housekeeping sweep rebuilds its search document', async () => {
    const documentOf = async (id: string) => app.platform.infrastructure.search.index(COURSES_INDEX).getDocument(dbId(id));
    const starting = await course({ title: '焊工（五级）明日开班', startIn: 1 });
    const full = await course({ title: '焊工（五级）明日满员班', startIn: 1, capacity: 10, enrolled: 10 });
    const draft = await course({ title: '焊工（五级）明日草稿班', startIn: 1, status: 'DRAFT' });
    await app.settle();
    expect((await documentOf(starting)).enrollable).toBe(true);
    expect((await documentOf(full)).enrollable).toBe(false);
    expect((await documentOf(draft)).enrollable).toBe(false);

    // A day passes: the courses started yesterday, their documents were built before, and the last sweep was yesterday's.
    const yesterday = addDays(TODAY, -1);
    await db().query(`UPDATE course SET starts_on = $1 WHERE id = ANY($2::bigint[])`, [yesterday, [starting, full, draft].map(dbId)]);
    await db().query(`UPDATE course_enrolment_sweep SET swept_through = $1`, [yesterday]);
    const [{ published }] = await db().query(`SELECT count(*)::int AS published FROM course WHERE status = 'PUBLISHED' AND starts_on = $1`, [yesterday]);
    expect(await sweepStartedCourses(db(), TODAY)).toBe(published);
    expect(await sweepStartedCourses(db(), TODAY)).toBe(0);
    await app.settle();
    expect((await documentOf(starting)).enrollable).toBe(false);
  });

  it('answers only counsellors and admins of the region and the seeker themself, with typed errors naming the field', async () => {
    const seeker = await register({ targetOccupationCodes: [ELDERLY_CARE] });
    const own = await app.gql(MATCHES, { seekerId: seeker }, { token: await app.token(Role.SEEKER, { seeker: dbId(seeker) }) });
    expect(own.data.courseMatches.nodes.length).toBeGreaterThan(0);
    const refusals: [string | undefined, string][] = [
      [await app.token(Role.SEEKER, { seeker: '999999' }), 'NOT_FOUND'],
      [as.shenyangCounsellor, 'NOT_FOUND'],
      [as.enterprise, 'FORBIDDEN'],
      [undefined, 'UNAUTHENTICATED'],
    ];
    for (const [token, code] of refusals) {
      const res = await app.gql(MATCHES, { seekerId: seeker }, { token });
      expect(res.data).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe(code);
      if (code === 'NOT_FOUND') expect(res.errors?.[0].extensions?.field).toEqual(['seekerId']);
    }
    const notASeeker = await app.gql(MATCHES, { seekerId: toGlobalId('Course', '1') }, { token: as.counsellor });
    expect(notASeeker.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['seekerId'] });
    const tooMany = await app.gql(`query($s: ID!) { courseMatches(seekerId: $s, first: 51) { nodes { score } } }`, { s: seeker }, { token: as.counsellor });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // API.md declares `first: Int`: an explicit null is the default count, not an error.
    const scores = `query($s: ID!, $first: Int) { courseMatches(seekerId: $s, first: $first) { nodes { course { id } score } } }`;
    const asNull = await app.gql(scores, { s: seeker, first: null }, { token: as.counsellor });
    const omitted = await app.gql(scores, { s: seeker }, { token: as.counsellor });
    expect(asNull.errors).toBeUndefined();
    expect(asNull.data).toEqual(omitted.data);
    expect((asNull.data as { courseMatches: { nodes: unknown[] } }).courseMatches.nodes.length).toBeGreaterThan(0);
  });

  it('returns nothing, not noise, when nothing fits', async () => {
    const technician = await register({ targetOccupationCodes: [WELDER], currentSkillLevel: 'TECHNICIAN' });
    expect((await matches(technician)).nodes).toEqual([]);
    const nobody = await register({ educationLevel: 'JUNIOR_HIGH', employmentStatus: 'EMPLOYED' });
    expect((await matches(nobody)).nodes).toEqual([]);
  });

  it('costs the same few SQL statements for 5 matches as for 50', async () => {
    const seeker = await register({ educationLevel: 'BACHELOR', major: '护理', graduationDate: `${YEAR - 1}-06-30`, targetOccupationCodes: [ELDERLY_CARE, AI_TRAINER], groups: ['RURAL_MIGRANT_WORKER'] });
    const principal = { subject: 'test', role: Role.COUNSELLOR, regionCode: '210200', authenticatedBy: 'TOKEN' as const };
    const count = async (first: number) => {
      const store: RequestStore = { requestId: 'count', sqlQueries: 0 };
      const result = await requestStore.run(store, () => app.platform.services.courseMatches.matchesFor(principal, dbId(seeker), first));
      expect(result.nodes.length).toBeGreaterThan(0);
      return store.sqlQueries;
    };
    const few = await count(5);
    expect(few).toBeLessThanOrEqual(5);
    expect(await count(50)).toBe(few);
  });

  it('still matches, eligibility intact, when Meilisearch is down, says so, and recovers by itself', async () => {
    const seeker = await register({ targetOccupationCodes: [ELDERLY_CARE], major: '老年服务与管理', regionCode: '210202' });
    const healthy = await matches(seeker);
    relay.down();
    try {
      const fallback = await matches(seeker);
      expect(fallback.degraded).toBe(true);
      expect(fallback.nodes.map((n) => n.course.title)).toEqual(expect.arrayContaining(['养老护理员（五级）就业技能培训', '养老护理员（四级）岗位技能提升']));
      for (const node of fallback.nodes) expect(node.course.regionCode.startsWith('2102') || node.course.mode === 'ONLINE').toBe(true);
      expect(new Set(fallback.nodes.map((n) => n.course.id)).size).toBe(fallback.nodes.length);
      expect(app.logs.some((l) => l.includes('matching from PostgreSQL'))).toBe(true);
    } finally {
      relay.up();
    }
    const recovered = await matches(seeker);
    expect(recovered.degraded).toBe(false);
    expect(recovered.nodes).toEqual(healthy.nodes);
  });

  it('finds the people a course fits ("policies find people"), best first, within the caller\'s region', async () => {
    const title = '养老护理员（五级）就业技能培训';
    const target = await register({ targetOccupationCodes: [ELDERLY_CARE] });
    const byMajor = await register({ major: '护理', educationLevel: 'JUNIOR_COLLEGE', graduationDate: `${YEAR - 1}-06-30` });
    const alreadyJunior = await register({ targetOccupationCodes: [ELDERLY_CARE], currentSkillLevel: 'JUNIOR' });
    const otherCity = await register({ targetOccupationCodes: [ELDERLY_CARE], regionCode: '210102' }, await app.token(Role.COUNSELLOR, { region: '210000' }));
    const unrelated = await register({ targetOccupationCodes: [CNC] });
    const res = await app.gql(CANDIDATES, { courseId: await courseId(title), first: 50 }, { token: as.counsellor });
    expect(res.errors).toBeUndefined();
    const ids = res.data.candidatesForCourse.nodes.map((n: any) => n.jobSeeker.id);
    expect(ids).toContain(target);
    expect(ids).toContain(byMajor);
    for (const absent of [alreadyJunior, otherCity, unrelated]) expect(ids).not.toContain(absent);
    expect(ids.indexOf(target)).toBeLessThan(ids.indexOf(byMajor));
    const first = res.data.candidatesForCourse.nodes.find((n: any) => n.jobSeeker.id === target);
    expect(first.reasons.map((r: any) => r.label)).toEqual(expect.arrayContaining(['求职意向: 养老护理员', '急需紧缺职业（大连市 2026 目录）: 补贴上浮 8%']));
    expect(first.jobSeeker.idNumber).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);

    const elsewhere = await app.gql(CANDIDATES, { courseId: await courseId(title) }, { token: as.shenyangCounsellor });
    expect(elsewhere.data.candidatesForCourse.nodes).toEqual([]);
    const seekerToken = await app.gql(CANDIDATES, { courseId: await courseId(title) }, { token: await app.token(Role.SEEKER, { seeker: dbId(target) }) });
    expect(seekerToken.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists open jobs the person could fill now, or after the one course that closes the gap', async () => {
    const welder = await register({ targetOccupationCodes: [WELDER], currentSkillLevel: 'INTERMEDIATE', regionCode: '210211' });
    const res = await app.gql(DEMAND_MATCHES, { seekerId: welder }, { token: as.counsellor });
    expect(res.errors).toBeUndefined();
    const pressureVessel = res.data.postDemandMatches.nodes.find((n: any) => n.postDemand.jobTitle === '压力容器焊工');
    // The post asks for 三级/高级工; the order-based senior course trains for it.
    expect(pressureVessel.bridgingCourse).toMatchObject({ title: '焊工（三级）高级班', skillLevel: 'SENIOR' });
    expect(pressureVessel.reasons.map((r: any) => r.code)).toEqual(expect.arrayContaining(['TARGET_OCCUPATION', 'BRIDGING_COURSE', 'LOCAL_DEMAND', 'ORDER_BASED']));

    const electrician = await register({ targetOccupationCodes: ['6-31-01-03'], currentSkillLevel: 'INTERMEDIATE', regionCode: '210211' });
    const ready = await app.gql(DEMAND_MATCHES, { seekerId: electrician }, { token: as.counsellor });
    const maintenance = ready.data.postDemandMatches.nodes.find((n: any) => n.postDemand.jobTitle === '设备维修电工');
    expect(maintenance).toMatchObject({ rank: 1, bridgingCourse: null });
    expect(maintenance.reasons.map((r: any) => r.code)).toEqual(expect.arrayContaining(['TARGET_OCCUPATION', 'READY_NOW']));
    expect(ready.data.postDemandMatches.nodes.every((n: any) => n.postDemand.occupationCode === '6-31-01-03' || n.bridgingCourse)).toBe(true);
  });

  it('tells counsellors who newly gains an uplift when a catalog raising it is published', async () => {
    const cook = await register({ targetOccupationCodes: ['4-03-02-01'] });
    const carer = await register({ targetOccupationCodes: [ELDERLY_CARE] });
    const aiHopeful = await register({ targetOccupationCodes: [AI_TRAINER] });
    const mutate = async (name: string, input: Record<string, unknown>) => {
      const res = await app.gql(`mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { shortageCatalog { id } userErrors { field message } } }`, { input }, { token: as.admin });
      expect(res.errors).toBeUndefined();
      expect(res.data[name].userErrors).toEqual([]);
      return res.data[name].shortageCatalog.id as string;
    };
    const draft = await mutate('draftShortageCatalog', { regionCode: '210200', period: '2027', title: '大连市急需紧缺职业目录（2027年）', minRatio: '100' });
    await mutate('setShortageCatalogEntry', { catalogId: draft, occupationCode: '4-03-02-01', level: 'MILD', subsidyUpliftPercent: '5' }); // newly listed
    await mutate('setShortageCatalogEntry', { catalogId: draft, occupationCode: ELDERLY_CARE, level: 'SEVERE', subsidyUpliftPercent: '10' }); // 8% → 10%
    await mutate('setShortageCatalogEntry', { catalogId: draft, occupationCode: AI_TRAINER, level: 'SEVERE', subsidyUpliftPercent: '10' }); // unchanged
    const UPLIFTED = `query($id: ID!) { upliftedSeekers(catalogId: $id) { nodes { occupationCode } } }`;
    // Before publication: the drafting bureau is told why, a counsellor learns nothing of the draft.
    expect((await app.gql(UPLIFTED, { id: draft }, { token: as.admin })).errors![0].extensions).toMatchObject({ code: 'INVALID_STATUS', field: ['catalogId'] });
    expect((await app.gql(UPLIFTED, { id: draft }, { token: as.counsellor })).errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    await mutate('publishShortageCatalog', { catalogId: draft, effectiveFrom: addDays(TODAY, 60) });
    const res = await app.gql(
      `query($id: ID!) { upliftedSeekers(catalogId: $id, first: 50) { nodes { jobSeeker { id } occupationCode occupation { name } entry { subsidyUpliftPercent } previousUpliftPercent } } }`,
      { id: draft },
      { token: as.counsellor },
    );
    expect(res.errors).toBeUndefined();
    const bySeeker = new Map(res.data.upliftedSeekers.nodes.map((n: any) => [n.jobSeeker.id, n]));
    expect(bySeeker.get(cook)).toMatchObject({ occupationCode: '4-03-02-01', previousUpliftPercent: '0.00', entry: { subsidyUpliftPercent: '5.00' } });
    expect(bySeeker.get(carer)).toMatchObject({ occupationCode: ELDERLY_CARE, previousUpliftPercent: '8.00', entry: { subsidyUpliftPercent: '10.00' } });
    expect(bySeeker.has(aiHopeful)).toBe(false);
  });

  it('ranks a course by a provider whose past trainees found jobs above an equal one, once ten have completed', async () => {
    const FITTER = '6-20-01-01';
    const provider = async (name: string, creditCode: string) => {
      const [{ id }] = await db().query(
        `INSERT INTO provider (credit_code, name, type, region_code, version) VALUES ($1, $2, 'TECHNICAL_SCHOOL', '210213', 1) RETURNING id::text AS id`, [creditCode, name]);
      await db().query('INSERT INTO provider_admission (provider_id, admitted_from, admitted_until) VALUES ($1, $2, $3)', [id, addDays(TODAY, -30), addDays(TODAY, 700)]);
      return id as string;
    };
    const untested = await provider('金州新区钳工培训学校', 'P00000000000000001');
    const proven = await provider('大连装备技工学校', 'P00000000000000002');
    // Same occupation, level, place and dates; the proven provider's course is inserted last, so ties would put it second.
    await course({ title: '装配钳工（五级）培训 甲', occupationCode: FITTER, provider: untested, startIn: 25 });
    const provenCourse = await course({ title: '装配钳工（五级）培训 乙', occupationCode: FITTER, provider: proven, startIn: 25 });
    await app.settle();
    const seeker = await register({ targetOccupationCodes: [FITTER] });
    const titles = async () => (await matches(seeker)).nodes.map((n: { course: { title: string } }) => n.course.title);
    expect(await titles()).toEqual(['装配钳工（五级）培训 甲', '装配钳工（五级）培训 乙']);

    // Nine completions say too little to count; from ten the record decides between equal courses.
    await db().query('INSERT INTO provider_placement (provider_id, completed, employed) VALUES ($1, 9, 9)', [proven]);
    expect(await titles()).toEqual(['装配钳工（五级）培训 甲', '装配钳工（五级）培训 乙']);
    await db().query('UPDATE provider_placement SET completed = 20, employed = 16 WHERE provider_id = $1', [proven]);
    const [best, next] = (await matches(seeker)).nodes;
    expect(best.course.title).toBe('装配钳工（五级）培训 乙');
    expect(best.reasons).toContainEqual({ code: 'PLACEMENT', label: '往期学员就业率 80%（20 人结业）', weight: expect.any(Number) });
    expect(next.reasons.some((r: { code: string }) => r.code === 'PLACEMENT')).toBe(false);

    const candidates = await app.gql(CANDIDATES, { courseId: provenCourse, first: 5 }, { token: as.counsellor });
    const forSeeker = candidates.data.candidatesForCourse.nodes.find((n: { jobSeeker: { id: string } }) => n.jobSeeker.id === seeker);
    expect(forSeeker.reasons.map((r: { code: string }) => r.code)).toContain('PLACEMENT');
  });

  it('cuts a candidate pool next rung first, so more equally relevant courses than the pool hide no better one', async () => {
    // More senior courses than either path reads (Meilisearch: the pool per query; PostgreSQL when it
    // is down: three pools), all starting sooner than the one course a rung up.
    const seniors = candidatePool(5) * 3 + 2;
    for (let i = 0; i < seniors; i++) await course({ title: `铣削加工高级工培训${i}`, occupationCode: MILLING, skillLevel: 'SENIOR', regionCode: '210211', startIn: 10 + i });
    await course({ title: '铣削加工中级工培训', occupationCode: MILLING, skillLevel: 'INTERMEDIATE', regionCode: '210211', startIn: 20 + seniors });
    await app.settle();
    const byTarget = await register({ targetOccupationCodes: [MILLING], currentSkillLevel: 'JUNIOR' });
    // A major's word gives every one of those titles the same text relevance.
    const byMajor = await register({ educationLevel: 'JUNIOR_COLLEGE', major: '铣削', graduationDate: `${YEAR - 1}-06-30`, currentSkillLevel: 'JUNIOR' });
    const expectNextRungFirst = async (degraded: boolean) => {
      for (const seeker of [byTarget, byMajor]) {
        const result = await matches(seeker, as.counsellor, 5);
        expect(result.degraded).toBe(degraded);
        expect(result.nodes[0].course).toMatchObject({ title: '铣削加工中级工培训', skillLevel: 'INTERMEDIATE' });
        expect(result.nodes[0].reasons.map((r: { label: string }) => r.label)).toContain('下一技能等级: 四级/中级工');
      }
    };
    await expectNextRungFirst(false);
    relay.down();
    try {
      await expectNextRungFirst(true);
    } finally {
      relay.up();
    }
  });

  it('reads the people a course may fit nearest rung first, so a region with more than it scores hides no better one', async () => {
    const intermediate = await course({ title: '车工中级工培训', occupationCode: TURNER, skillLevel: 'INTERMEDIATE', regionCode: '210211' });
    // More equally relevant seekers than candidatesForCourse scores, registered first and a rung further away.
    await db().query(
      `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code,
                               education_level, employment_status, target_occupation_codes, consent_at, version)
       SELECT '\\x00', sha256(convert_to('turner-name-' || n, 'UTF8')), '\\x00', sha256(convert_to('turner-id-' || n, 'UTF8')),
              '\\x00', sha256(convert_to('turner-phone-' || n, 'UTF8')), '1995-05-05', '210202', 'SECONDARY_VOCATIONAL', 'UNEMPLOYED', $1, now(), 1
         FROM generate_series(1, $2) AS n`,
      [[TURNER], CANDIDATE_CEILING + 10],
    );
    const junior = await register({ targetOccupationCodes: [TURNER], currentSkillLevel: 'JUNIOR' });
    const res = await app.gql(
      `query($courseId: ID!) { candidatesForCourse(courseId: $courseId, first: 3) { nodes { rank jobSeeker { id } reasons { label } } } }`,
      { courseId: intermediate },
      { token: as.counsellor },
    );
    expect(res.errors).toBeUndefined();
    const [best, next] = res.data.candidatesForCourse.nodes;
    expect(best).toMatchObject({ rank: 1, jobSeeker: { id: junior } });
    expect(best.reasons.map((r: { label: string }) => r.label)).toContain('下一技能等级: 四级/中级工');
    expect(next.reasons.map((r: { label: string }) => r.label)).toContain('跨一级提升至 四级/中级工');
  });
});

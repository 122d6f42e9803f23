import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { Enterprise } from '../domain/enterprise/enterprise.entity';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = todayInChina();
/** A valid credit code of a Dalian-registered body, unique per serial (five digits). */
const creditCode = (serial: string) => {
  const body = `91210200MA0T${serial}`;
  return body + creditCodeCheckCharacter(body);
};
const wrongCheckCharacter = (code: string) => code.slice(0, 17) + (code[17] === 'X' ? 'Y' : 'X');
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

const ERRORS = 'userErrors { field code message }';
const PROVIDER_FIELDS = 'id creditCode name type regionCode region { code name } admissions { admittedFrom admittedUntil suspendedOn suspensionReason } admittedOn';
const COURSE_FIELDS = `id title occupationCode occupation { code name } skillLevel trainingType mode hours startsOn endsOn regionCode region { code name }
  address capacity enrolled seatsLeft fee eligibleGroups certificate description status publishedAt provider { id name } linkedPostDemands { id } createdAt updatedAt`;

const REGISTER = `mutation($input: RegisterProviderInput!) { registerProvider(input: $input) { provider { ${PROVIDER_FIELDS} } ${ERRORS} } }`;
const ADMIT = `mutation($input: AdmitProviderInput!) { admitProvider(input: $input) { provider { ${PROVIDER_FIELDS} } ${ERRORS} } }`;
const SUSPEND = `mutation($input: SuspendProviderInput!) { suspendProvider(input: $input) { provider { ${PROVIDER_FIELDS} } ${ERRORS} } }`;
const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { ${COURSE_FIELDS} } ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { course { ${COURSE_FIELDS} } ${ERRORS} } }`;
const PUBLISH = `mutation($input: PublishCourseInput!) { publishCourse(input: $input) { course { id status publishedAt } ${ERRORS} } }`;
const CANCEL = `mutation($input: CancelCourseInput!) { cancelCourse(input: $input) { course { id status } ${ERRORS} } }`;

describe('training providers on the admitted list, and their courses', () => {
  let app: TestPlatform;
  const as = {} as Record<'dalianAdmin' | 'shenyangAdmin' | 'counsellor' | 'shenyangCounsellor' | 'enterprise' | 'seeker' | 'agency' | 'yikang' | 'jishi' | 'strayProvider', string>;
  /** Global ids: 颐康 (中山区) and 技师学院 (甘井子区) in Dalian, 和平 in Shenyang. */
  const providers = {} as Record<'yikang' | 'jishi' | 'heping', string>;
  let openDemand: string, withdrawnDemand: string, otherOpenDemand: string;

  const ds = () => app.platform.infrastructure.dataSource;
  const mutate = async (query: string, input: Record<string, unknown>, token?: string) => {
    const res = await app.gql(query, { input }, token ? { token } : {});
    expect(res.errors).toBeUndefined();
    return Object.values(res.data as Record<string, any>)[0];
  };
  const ok = async (query: string, input: Record<string, unknown>, token: string) => {
    const payload = await mutate(query, input, token);
    expect(payload.userErrors).toEqual([]);
    return payload.provider ?? payload.course;
  };
  /** What any write adds; a refused write must leave all of it as it was. */
  const writes = async () => {
    const [row] = await ds().query(
      `SELECT (SELECT count(*) FROM provider)::int AS providers,
              (SELECT count(*) FROM provider_admission)::int AS admissions,
              (SELECT md5(coalesce(string_agg(concat_ws(',', id, admitted_from, admitted_until, suspended_on, suspension_reason), ';' ORDER BY id), '')) FROM provider_admission) AS "admissionRows",
              (SELECT count(*) FROM course)::int AS courses,
              (SELECT coalesce(sum(version), 0) FROM course)::int AS "courseVersions",
              (SELECT count(*) FROM course_post_demand)::int AS links,
              (SELECT count(*) FROM audit_entry WHERE entity_type IN ('Provider', 'Course'))::int AS audit,
              (SELECT count(*) FROM test_outbox_log)::int AS outbox`,
    );
    return row;
  };
  /** Course documents queued for reindexing since `mark` (the worker may already have taken them off the outbox). */
  const reindexedSince = async (mark: number): Promise<string[]> => {
    const rows: { document_id: string }[] = await ds().query(`SELECT DISTINCT document_id FROM test_outbox_log WHERE seq > $1 AND index_name = 'courses' ORDER BY 1`, [mark]);
    return rows.map((r) => r.document_id);
  };
  const outboxMark = async (): Promise<number> => (await ds().query('SELECT coalesce(max(seq), 0)::int AS n FROM test_outbox_log'))[0].n;
  const courseInput = (provider: string, overrides: Record<string, unknown> = {}) => ({
    providerId: provider,
    title: '养老护理员（五级）就业技能培训班',
    occupationCode: '4-10-01-05',
    skillLevel: 'JUNIOR',
    trainingType: 'EMPLOYMENT_SKILLS',
    mode: 'ONSITE',
    hours: 80,
    startsOn: addDays(TODAY, 30),
    endsOn: addDays(TODAY, 60),
    regionCode: '210202',
    address: '大连市中山区解放路',
    capacity: 40,
    fee: '1800.5',
    eligibleGroups: ['UNEMPLOYED', 'RURAL_MIGRANT_WORKER', 'UNEMPLOYED'],
    certificate: '职业技能等级证书（养老护理员 五级）',
    description: '生活照料、基础照护与康复服务',
    ...overrides,
  });

  beforeAll(async () => {
    app = await startTestPlatform();
    // Every outbox row, kept after the search worker has taken it: which courses a write queued.
    await ds().query(`
      CREATE TABLE test_outbox_log (seq bigserial PRIMARY KEY, index_name text NOT NULL, document_id text NOT NULL);
      CREATE FUNCTION test_outbox_log() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO test_outbox_log (index_name, document_id) VALUES (NEW.index_name, NEW.document_id); RETURN NEW; END $$;
      CREATE TRIGGER test_outbox_log AFTER INSERT ON search_outbox FOR EACH ROW EXECUTE FUNCTION test_outbox_log();`);
    const repo = ds().getRepository(Enterprise);
    const [port, shenyang] = await repo.save([
      repo.create({ creditCode: '91110108551385082Q', name: '大连颐养健康服务有限公司', regionCode: '210202', tags: [] }),
      repo.create({ creditCode: '91330100799655058B', name: '沈阳康养服务有限公司', regionCode: '210102', tags: [] }),
    ]);
    const line = async (enterpriseId: string, regionCode: string, status: string) =>
      toGlobalId(
        'PostDemand',
        (
          await ds().query(
            `INSERT INTO post_demand (enterprise_id, occupation_code, job_title, headcount, skill_level, wage_min, wage_max, region_code, valid_until, status, version)
             VALUES ($1, '4-10-01-05', '养老护理员', 12, 'JUNIOR', 4500, 6000, $2, $3, $4, 1) RETURNING id::text AS id`,
            [enterpriseId, regionCode, addDays(TODAY, 90), status],
          )
        )[0].id,
      );
    openDemand = await line(port.id, '210202', 'OPEN');
    withdrawnDemand = await line(port.id, '210202', 'WITHDRAWN');
    otherOpenDemand = await line(shenyang.id, '210102', 'OPEN');
    as.dalianAdmin = await app.token(Role.ADMIN, { region: '210200' });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: '210100' });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: '210100' });
    as.enterprise = await app.token(Role.ENTERPRISE, { enterprise: port.id });
    as.seeker = await app.token(Role.SEEKER);
    as.agency = await app.token(Role.AGENCY, { region: '210200' });
  });
  afterAll(() => app?.stop());

  it('a bureau registers providers of its region, audited; anyone reads the list', async () => {
    const before = await writes();
    const yikang = await ok(REGISTER, { creditCode: creditCode('00001'), name: ' 大连颐康职业技能培训学校 ', type: 'PRIVATE_TRAINING_INSTITUTION', regionCode: '210202' }, as.dalianAdmin);
    expect(yikang).toMatchObject({
      creditCode: creditCode('00001'),
      name: '大连颐康职业技能培训学校',
      type: 'PRIVATE_TRAINING_INSTITUTION',
      region: { code: '210202', name: '中山区' },
      admissions: [],
      admittedOn: false,
    });
    providers.yikang = yikang.id;
    providers.jishi = (await ok(REGISTER, { creditCode: creditCode('00002'), name: '大连甘井子技师学院', type: 'TECHNICAL_SCHOOL', regionCode: '210211' }, as.dalianAdmin)).id;
    providers.heping = (await ok(REGISTER, { creditCode: creditCode('00003'), name: '沈阳和平职业培训中心', type: 'VOCATIONAL_COLLEGE', regionCode: '210102' }, as.shenyangAdmin)).id;
    expect(await writes()).toMatchObject({ providers: before.providers + 3, audit: before.audit + 3 });
    const [audit] = await ds().query(`SELECT actor, actor_role, action, changes FROM audit_entry WHERE entity_type = 'Provider' AND entity_id = $1`, [dbId(yikang.id)]);
    expect(audit).toEqual({
      actor: 'test-admin',
      actor_role: 'ADMIN',
      action: 'REGISTER',
      changes: { creditCode: creditCode('00001'), name: '大连颐康职业技能培训学校', type: 'PRIVATE_TRAINING_INSTITUTION', regionCode: '210202' },
    });

    as.yikang = await app.token(Role.PROVIDER, { provider: dbId(providers.yikang) });
    as.jishi = await app.token(Role.PROVIDER, { provider: dbId(providers.jishi) });
    as.strayProvider = await app.token(Role.PROVIDER, { provider: '999999' });

    // The admitted list is public.
    const one = await app.gql(`query($code: String!) { provider(creditCode: $code) { id name region { name } } }`, { code: creditCode('00001') });
    expect(one.data.provider).toEqual({ id: providers.yikang, name: '大连颐康职业技能培训学校', region: { name: '中山区' } });
    const list = await app.gql(`{ providers(query: "甘井子技师", filter: { regionCode: "210200" }) { totalCount nodes { id type } } }`);
    expect(list.data.providers).toEqual({ totalCount: 1, nodes: [{ id: providers.jishi, type: 'TECHNICAL_SCHOOL' }] });
    const node = await app.gql(`query($id: ID!) { node(id: $id) { ... on Provider { creditCode } } }`, { id: providers.heping });
    expect(node.data.node).toEqual({ creditCode: creditCode('00003') });
    const unknown = await app.gql(`{ provider(creditCode: "${creditCode('09999')}") { id } }`);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['creditCode'] });
  });

  it('refuses bad credit codes, duplicates, and regions outside the bureau, writing nothing', async () => {
    const before = await writes();
    const valid = { creditCode: creditCode('00009'), name: '大连新开培训学校', type: 'ONLINE_PLATFORM', regionCode: '210204' };
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ creditCode: wrongCheckCharacter(creditCode('00009')) }, ['input', 'creditCode'], 'INVALID_CREDIT_CODE'],
      [{ creditCode: '91210200MA0T0000' }, ['input', 'creditCode'], 'INVALID'],
      [{ creditCode: creditCode('00001') }, ['input', 'creditCode'], 'DUPLICATE'],
      [{ regionCode: '210102' }, ['input', 'regionCode'], 'FORBIDDEN'],
      [{ regionCode: '210299' }, ['input', 'regionCode'], 'NOT_FOUND'],
      [{ regionCode: '2102' }, ['input', 'regionCode'], 'INVALID'],
      [{ name: '   ' }, ['input', 'name'], 'INVALID'],
    ];
    for (const [override, field, code] of cases) {
      const payload = await mutate(REGISTER, { ...valid, ...override }, as.dalianAdmin);
      expect(payload.provider, JSON.stringify(override)).toBeNull();
      expect(payload.userErrors, JSON.stringify(override)).toEqual([expect.objectContaining({ field, code })]);
    }
    for (const token of [as.counsellor, as.yikang, as.enterprise, as.seeker]) {
      const res = await app.gql(REGISTER, { input: valid }, { token });
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await app.gql(REGISTER, { input: valid })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await writes()).toEqual(before);
  });

  it('a provider creates a DRAFT course, with the fee exact and order-based links', async () => {
    const before = await writes();
    const mark = await outboxMark();
    const course = await ok(CREATE, courseInput(providers.yikang, { linkedPostDemandIds: [openDemand] }), as.yikang);
    expect(course).toMatchObject({
      title: '养老护理员（五级）就业技能培训班',
      occupation: { code: '4-10-01-05', name: '养老护理员' },
      region: { code: '210202', name: '中山区' },
      startsOn: addDays(TODAY, 30),
      endsOn: addDays(TODAY, 60),
      capacity: 40,
      enrolled: 0,
      seatsLeft: 40,
      fee: '1800.50',
      eligibleGroups: ['RURAL_MIGRANT_WORKER', 'UNEMPLOYED'],
      status: 'DRAFT',
      publishedAt: null,
      provider: { id: providers.yikang, name: '大连颐康职业技能培训学校' },
      // A provider reads no post demand, so it does not see the lines either.
      linkedPostDemands: [],
    });
    const [row] = await ds().query('SELECT fee::text AS fee FROM course WHERE id = $1', [dbId(course.id)]);
    expect(row.fee).toBe('1800.50');
    expect(await writes()).toMatchObject({ courses: before.courses + 1, links: before.links + 1, audit: before.audit + 1 });
    expect(await reindexedSince(mark)).toEqual([dbId(course.id)]);
    const [audit] = await ds().query(`SELECT action, actor_role, changes FROM audit_entry WHERE entity_type = 'Course' AND entity_id = $1`, [dbId(course.id)]);
    expect(audit).toMatchObject({ action: 'CREATE', actor_role: 'PROVIDER', changes: { fee: '1800.50', linkedPostDemandIds: [dbId(openDemand)] } });

    const byAdmin = await app.gql(`query($id: ID!) { node(id: $id) { ... on Course { linkedPostDemands { id jobTitle } } } }`, { id: course.id }, { token: as.dalianAdmin });
    expect(byAdmin.data.node.linkedPostDemands).toEqual([{ id: openDemand, jobTitle: '养老护理员' }]);
  });

  it('refuses every bad field as a userError naming it, and writes nothing', async () => {
    const before = await writes();
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ endsOn: addDays(TODAY, 29) }, ['input', 'endsOn'], 'INVALID'],
      [{ startsOn: addDays(TODAY, -1) }, ['input', 'startsOn'], 'IN_THE_PAST'],
      [{ capacity: 0 }, ['input', 'capacity'], 'INVALID'],
      [{ capacity: 100_001 }, ['input', 'capacity'], 'INVALID'],
      [{ fee: '-1.00' }, ['input', 'fee'], 'INVALID'],
      [{ hours: 0 }, ['input', 'hours'], 'INVALID'],
      [{ hours: 10_001 }, ['input', 'hours'], 'INVALID'],
      [{ occupationCode: '4-99-99-99' }, ['input', 'occupationCode'], 'NOT_FOUND'],
      [{ occupationCode: '4-00-00-00' }, ['input', 'occupationCode'], 'NOT_FOUND'],
      [{ occupationCode: 'AI trainer' }, ['input', 'occupationCode'], 'INVALID'],
      [{ regionCode: '219999' }, ['input', 'regionCode'], 'NOT_FOUND'],
      [{ regionCode: '2102' }, ['input', 'regionCode'], 'INVALID'],
      [{ title: '  ' }, ['input', 'title'], 'INVALID'],
      [{ linkedPostDemandIds: [openDemand, withdrawnDemand] }, ['input', 'linkedPostDemandIds', '1'], 'NOT_OPEN'],
      [{ linkedPostDemandIds: [toGlobalId('PostDemand', '987654')] }, ['input', 'linkedPostDemandIds', '0'], 'NOT_FOUND'],
      [{ linkedPostDemandIds: [providers.jishi] }, ['input', 'linkedPostDemandIds', '0'], 'INVALID'],
      [{ providerId: toGlobalId('Provider', '987654') }, ['input', 'providerId'], 'NOT_FOUND'],
    ];
    for (const [override, field, code] of cases) {
      const payload = await mutate(CREATE, courseInput(providers.yikang, override), as.yikang);
      expect(payload.course, JSON.stringify(override)).toBeNull();
      expect(payload.userErrors, JSON.stringify(override)).toEqual([expect.objectContaining({ field, code })]);
    }
    // Every problem at once.
    const many = await mutate(CREATE, courseInput(providers.yikang, { capacity: 0, hours: 0, endsOn: addDays(TODAY, 1), fee: '-5' }), as.yikang);
    expect(many.userErrors.map((e: { field: string[] }) => e.field.join('.')).sort()).toEqual(['input.capacity', 'input.endsOn', 'input.fee', 'input.hours']);
    // Three decimals are not even a Decimal.
    const fee = await app.gql(CREATE, { input: courseInput(providers.yikang, { fee: '1800.505' }) }, { token: as.yikang });
    expect(fee.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // A bureau places courses only in its own region.
    const outside = await mutate(CREATE, courseInput(providers.yikang, { regionCode: '210102' }), as.dalianAdmin);
    expect(outside.userErrors).toEqual([expect.objectContaining({ field: ['input', 'regionCode'], code: 'FORBIDDEN' })]);
    expect(await writes()).toEqual(before);
  });

  it("lets a provider touch only its own courses, an ADMIN those of its region's providers, and no one else", async () => {
    const course = await ok(CREATE, courseInput(providers.yikang, { title: '失智老人照护专项培训' }), as.yikang);
    const before = await writes();
    const forbidden = [as.jishi, as.strayProvider, as.shenyangAdmin];
    for (const token of forbidden) {
      const create = await mutate(CREATE, courseInput(providers.yikang), token);
      expect(create).toEqual({ course: null, userErrors: [expect.objectContaining({ field: ['input', 'providerId'], code: 'FORBIDDEN' })] });
      for (const [query, input] of [
        [UPDATE, { courseId: course.id, capacity: 10 }],
        [PUBLISH, { courseId: course.id }],
        [CANCEL, { courseId: course.id }],
      ] as const) {
        const payload = await mutate(query, input, token);
        expect(payload).toEqual({ course: null, userErrors: [expect.objectContaining({ field: ['input', 'courseId'], code: 'FORBIDDEN' })] });
      }
    }
    for (const token of [as.counsellor, as.enterprise, as.seeker, as.agency]) {
      for (const [query, input] of [
        [CREATE, courseInput(providers.yikang)],
        [UPDATE, { courseId: course.id, capacity: 10 }],
        [PUBLISH, { courseId: course.id }],
        [CANCEL, { courseId: course.id }],
      ] as const) {
        const res = await app.gql(query, { input }, { token });
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
    }
    const anonymous = await app.gql(CREATE, { input: courseInput(providers.yikang) });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // A course id is not a provider id.
    const wrongType = await mutate(UPDATE, { courseId: providers.yikang, capacity: 10 }, as.yikang);
    expect(wrongType.userErrors).toEqual([expect.objectContaining({ field: ['input', 'courseId'], code: 'INVALID' })]);
    expect(await writes()).toEqual(before);

    // The ADMIN of the provider's region may act for it.
    const byAdmin = await ok(UPDATE, { courseId: course.id, capacity: 12 }, as.dalianAdmin);
    expect(byAdmin).toMatchObject({ capacity: 12, seatsLeft: 12, status: 'DRAFT' });
    const adminCourse = await ok(CREATE, courseInput(providers.jishi, { regionCode: '210211', title: '养老护理员（四级）', skillLevel: 'INTERMEDIATE' }), as.dalianAdmin);
    expect(adminCourse.provider.id).toBe(providers.jishi);
  });

  it('publishes only while the provider is admitted for the whole course; admission and suspension are audited and reindex its courses', async () => {
    const course = await ok(CREATE, courseInput(providers.yikang, { title: '养老护理员（四级）提升班', skillLevel: 'INTERMEDIATE', startsOn: addDays(TODAY, 10), endsOn: addDays(TODAY, 40) }), as.yikang);
    const notAdmitted = await mutate(PUBLISH, { courseId: course.id }, as.yikang);
    expect(notAdmitted.course).toBeNull();
    expect(notAdmitted.userErrors).toEqual([{ field: ['input', 'courseId'], code: 'NOT_ADMITTED', message: '培训机构未列入补贴性培训机构目录' }]);

    // Admitted, but not for the course's last days: still refused, with the reason.
    const yikangCourses: string[] = (await ds().query('SELECT id::text AS id FROM course WHERE provider_id = $1 ORDER BY id', [dbId(providers.yikang)])).map((r: { id: string }) => r.id);
    let mark = await outboxMark();
    const admitted = await ok(ADMIT, { providerId: providers.yikang, from: TODAY, until: addDays(TODAY, 20) }, as.dalianAdmin);
    expect(admitted).toMatchObject({ admissions: [{ admittedFrom: TODAY, admittedUntil: addDays(TODAY, 20), suspendedOn: null }], admittedOn: true });
    expect(await reindexedSince(mark)).toEqual([...yikangCourses].sort());
    const short = await mutate(PUBLISH, { courseId: course.id }, as.yikang);
    expect(short.userErrors).toEqual([expect.objectContaining({ field: ['input', 'courseId'], code: 'NOT_ADMITTED', message: expect.stringContaining('未覆盖课程日期') })]);

    // A renewal overlapping the running admission extends it: one period, not two.
    await ok(ADMIT, { providerId: providers.yikang, from: addDays(TODAY, 15), until: addDays(TODAY, 365) }, as.dalianAdmin);
    const renewed = await app.gql(`query($id: ID!) { node(id: $id) { ... on Provider { admissions { admittedFrom admittedUntil } soon: admittedOn(date: "${addDays(TODAY, 300)}") later: admittedOn(date: "${addDays(TODAY, 400)}") } } }`, { id: providers.yikang });
    expect(renewed.data.node).toEqual({ admissions: [{ admittedFrom: TODAY, admittedUntil: addDays(TODAY, 365) }], soon: true, later: false });
    // Admitting a period already covered changes nothing.
    let before = await writes();
    await ok(ADMIT, { providerId: providers.yikang, from: addDays(TODAY, 5), until: addDays(TODAY, 6) }, as.dalianAdmin);
    expect(await writes()).toEqual(before);

    const published = await ok(PUBLISH, { courseId: course.id }, as.yikang);
    expect(published.status).toBe('PUBLISHED');
    expect(Date.parse(published.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
    const twice = await mutate(PUBLISH, { courseId: course.id }, as.yikang);
    expect(twice.userErrors).toEqual([expect.objectContaining({ field: ['input', 'courseId'], code: 'INVALID_STATUS' })]);

    // Admission rules: dates in order, the provider in the bureau's region.
    before = await writes();
    const backwards = await mutate(ADMIT, { providerId: providers.yikang, from: addDays(TODAY, 10), until: TODAY }, as.dalianAdmin);
    expect(backwards.userErrors).toEqual([expect.objectContaining({ field: ['input', 'until'], code: 'INVALID' })]);
    const foreign = await mutate(ADMIT, { providerId: providers.yikang, from: TODAY, until: TODAY }, as.shenyangAdmin);
    expect(foreign.userErrors).toEqual([expect.objectContaining({ field: ['input', 'providerId'], code: 'FORBIDDEN' })]);
    for (const token of [as.counsellor, as.yikang]) {
      expect((await app.gql(ADMIT, { input: { providerId: providers.yikang, from: TODAY, until: TODAY } }, { token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await app.gql(SUSPEND, { input: { providerId: providers.yikang, reason: 'x' } }, { token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const blank = await mutate(SUSPEND, { providerId: providers.yikang, reason: '   ' }, as.dalianAdmin);
    expect(blank.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'INVALID' })]);
    const long = await mutate(SUSPEND, { providerId: providers.yikang, reason: '虚'.repeat(501) }, as.dalianAdmin);
    expect(long.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'INVALID' })]);
    const notYours = await mutate(SUSPEND, { providerId: providers.yikang, reason: '虚报培训人数' }, as.shenyangAdmin);
    expect(notYours.userErrors).toEqual([expect.objectContaining({ field: ['input', 'providerId'], code: 'FORBIDDEN' })]);
    expect(await writes()).toEqual(before);

    // The other Dalian provider's courses are not touched by this provider's suspension.
    const jishiCourse = await ok(CREATE, courseInput(providers.jishi, { regionCode: '210211' }), as.jishi);
    mark = await outboxMark();
    const suspended = await ok(SUSPEND, { providerId: providers.yikang, reason: ' 虚报培训人数，套取补贴资金 ' }, as.dalianAdmin);
    expect(suspended).toMatchObject({
      admittedOn: false,
      admissions: [{ admittedFrom: TODAY, admittedUntil: addDays(TODAY, 365), suspendedOn: TODAY, suspensionReason: '虚报培训人数，套取补贴资金' }],
    });
    const allYikang: string[] = (await ds().query('SELECT id::text AS id FROM course WHERE provider_id = $1 ORDER BY id::text', [dbId(providers.yikang)])).map((r: { id: string }) => r.id);
    const queued = await reindexedSince(mark);
    expect(queued).toEqual([...allYikang].sort());
    expect(queued).not.toContain(dbId(jishiCourse.id));
    const audits = await ds().query(`SELECT action, changes FROM audit_entry WHERE entity_type = 'Provider' AND entity_id = $1 ORDER BY id`, [dbId(providers.yikang)]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['REGISTER', 'ADMIT', 'ADMIT', 'SUSPEND']);
    expect(audits[2].changes).toMatchObject({ from: addDays(TODAY, 15), until: addDays(TODAY, 365), admittedFrom: TODAY, admittedUntil: addDays(TODAY, 365) });
    expect(audits[3].changes).toEqual({ suspendedOn: TODAY, reason: '虚报培训人数，套取补贴资金', admissionIds: [expect.any(String)] });

    // Nothing left to suspend; and no new course can be published.
    const again = await mutate(SUSPEND, { providerId: providers.yikang, reason: '重复暂停' }, as.dalianAdmin);
    expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'providerId'], code: 'NOT_ADMITTED' })]);
    const draft = await ok(CREATE, courseInput(providers.yikang, { title: '暂停后的课程' }), as.yikang);
    const refused = await mutate(PUBLISH, { courseId: draft.id }, as.yikang);
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'courseId'], code: 'NOT_ADMITTED', message: expect.stringContaining('暂停补贴资格') })]);

    // Re-admission after a suspension is a period of its own; the suspension stays on record.
    mark = await outboxMark();
    const readmitted = await ok(ADMIT, { providerId: providers.yikang, from: addDays(TODAY, 1), until: addDays(TODAY, 200) }, as.dalianAdmin);
    expect(readmitted.admissions).toEqual([
      { admittedFrom: TODAY, admittedUntil: addDays(TODAY, 365), suspendedOn: TODAY, suspensionReason: '虚报培训人数，套取补贴资金' },
      { admittedFrom: addDays(TODAY, 1), admittedUntil: addDays(TODAY, 200), suspendedOn: null, suspensionReason: null },
    ]);
    expect(await reindexedSince(mark)).toEqual([...allYikang, dbId(draft.id)].sort());
    expect((await ok(PUBLISH, { courseId: draft.id }, as.yikang)).status).toBe('PUBLISHED');

    const admittedToday = await app.gql(`query($on: Date) { providers(filter: { regionCode: "210200", admittedOn: $on }, first: 100) { nodes { id } } }`, { on: addDays(TODAY, 2) });
    expect(admittedToday.data.providers.nodes.map((n: { id: string }) => n.id)).toContain(providers.yikang);
    expect(admittedToday.data.providers.nodes.map((n: { id: string }) => n.id)).not.toContain(providers.jishi);
  });

  it('updates a published course in place and refuses changes to a cancelled one', async () => {
    const [published] = (await app.gql(`query($id: ID!) { node(id: $id) { ... on Provider { courses(status: PUBLISHED, first: 1) { nodes { id } } } } }`, { id: providers.yikang }, { token: as.yikang })).data.node.courses.nodes;
    const mark = await outboxMark();
    const updated = await ok(UPDATE, { courseId: published.id, fee: '2000', endsOn: addDays(TODAY, 45), address: null, linkedPostDemandIds: [openDemand] }, as.yikang);
    expect(updated).toMatchObject({ status: 'PUBLISHED', fee: '2000.00', endsOn: addDays(TODAY, 45), address: null });
    expect(await reindexedSince(mark)).toEqual([dbId(published.id)]);
    const [audit] = await ds().query(`SELECT changes FROM audit_entry WHERE entity_type = 'Course' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1`, [dbId(published.id)]);
    expect(audit.changes).toMatchObject({ fee: { to: '2000.00' }, endsOn: { to: addDays(TODAY, 45) }, address: { from: '大连市中山区解放路', to: null }, linkedPostDemandIds: { from: [], to: [dbId(openDemand)] } });

    // Rules of creation hold for the result; a start date already passed stays, a new one may not be past.
    await ds().query('UPDATE course SET enrolled = 30 WHERE id = $1', [dbId(published.id)]);
    const before = await writes();
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ capacity: 20 }, ['input', 'capacity'], 'BELOW_ENROLLED'],
      [{ endsOn: addDays(TODAY, 5) }, ['input', 'endsOn'], 'INVALID'],
      [{ startsOn: addDays(TODAY, -2) }, ['input', 'startsOn'], 'IN_THE_PAST'],
      [{ linkedPostDemandIds: [openDemand, withdrawnDemand] }, ['input', 'linkedPostDemandIds', '1'], 'NOT_OPEN'],
    ];
    for (const [override, field, code] of cases) {
      const payload = await mutate(UPDATE, { courseId: published.id, ...override }, as.yikang);
      expect(payload.userErrors, JSON.stringify(override)).toEqual([expect.objectContaining({ field, code })]);
    }
    expect(await writes()).toEqual(before);
    // Nothing changed, nothing written.
    await ok(UPDATE, { courseId: published.id, fee: '2000.00', linkedPostDemandIds: [openDemand] }, as.yikang);
    expect(await writes()).toEqual(before);

    const cancelled = await ok(CANCEL, { courseId: published.id }, as.yikang);
    expect(cancelled.status).toBe('CANCELLED');
    const after = await writes();
    const refused = await mutate(UPDATE, { courseId: published.id, fee: '10' }, as.yikang);
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'courseId'], code: 'INVALID_STATUS' })]);
    const twice = await mutate(CANCEL, { courseId: published.id }, as.yikang);
    expect(twice.userErrors).toEqual([expect.objectContaining({ field: ['input', 'courseId'], code: 'INVALID_STATUS' })]);
    const publishCancelled = await mutate(PUBLISH, { courseId: published.id }, as.yikang);
    expect(publishCancelled.userErrors).toEqual([expect.objectContaining({ field: ['input', 'courseId'], code: 'INVALID_STATUS' })]);
    expect(await writes()).toEqual(after);
    const actions = await ds().query(`SELECT action FROM audit_entry WHERE entity_type = 'Course' AND entity_id = $1 ORDER BY id`, [dbId(published.id)]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['CREATE', 'PUBLISH', 'UPDATE', 'CANCEL']);
  });

  it('shows published courses to anyone, the others only to their provider and staff of its region', async () => {
    const draft = await ok(CREATE, courseInput(providers.yikang, { title: '只给自己看的草稿', linkedPostDemandIds: [openDemand, otherOpenDemand] }), as.yikang);
    const [published] = (await ds().query(`SELECT id::text AS id FROM course WHERE provider_id = $1 AND status = 'PUBLISHED' ORDER BY id LIMIT 1`, [dbId(providers.yikang)])).map((r: { id: string }) =>
      toGlobalId('Course', r.id),
    );
    const node = async (id: string, token?: string) => (await app.gql(`query($id: ID!) { node(id: $id) { ... on Course { id status } } }`, { id }, token ? { token } : {})).data.node;

    expect(await node(published)).toMatchObject({ id: published, status: 'PUBLISHED' });
    for (const token of [undefined, as.jishi, as.seeker, as.enterprise, as.shenyangCounsellor, as.shenyangAdmin]) expect(await node(draft.id, token)).toBeNull();
    for (const token of [as.yikang, as.counsellor, as.dalianAdmin]) expect(await node(draft.id, token)).toMatchObject({ id: draft.id, status: 'DRAFT' });

    const courses = `query($id: ID!) { node(id: $id) { ... on Provider { courses(first: 100) { totalCount nodes { id status } } } } }`;
    const statuses = async (token?: string) => {
      const res = await app.gql(courses, { id: providers.yikang }, token ? { token } : {});
      expect(res.errors).toBeUndefined();
      return new Set(res.data.node.courses.nodes.map((n: { status: string }) => n.status));
    };
    expect(await statuses()).toEqual(new Set(['PUBLISHED']));
    expect(await statuses(as.jishi)).toEqual(new Set(['PUBLISHED']));
    expect(await statuses(as.yikang)).toEqual(new Set(['PUBLISHED', 'DRAFT', 'CANCELLED']));
    expect(await statuses(as.counsellor)).toEqual(new Set(['PUBLISHED', 'DRAFT', 'CANCELLED']));
    const drafts = await app.gql(`query($id: ID!) { node(id: $id) { ... on Provider { courses(status: DRAFT) { totalCount } } } }`, { id: providers.yikang });
    expect(drafts.data.node.courses.totalCount).toBe(0);

    // Linked post demand, once the course is public: the lines the reader may read, nothing for others.
    await ok(PUBLISH, { courseId: draft.id }, as.yikang);
    const links = async (token?: string) =>
      (await app.gql(`query($id: ID!) { node(id: $id) { ... on Course { linkedPostDemands { id } } } }`, { id: draft.id }, token ? { token } : {})).data.node.linkedPostDemands.map((l: { id: string }) => l.id);
    expect(await links()).toEqual([]);
    expect(await links(as.yikang)).toEqual([]);
    expect(await links(as.dalianAdmin)).toEqual([openDemand]);
    expect(await links(as.enterprise)).toEqual([openDemand]);
    const liaoning = await app.token(Role.ADMIN, { region: '210000' });
    expect((await links(liaoning)).sort()).toEqual([openDemand, otherOpenDemand].sort());
  });

  it('costs the same number of SQL queries for 100 providers as for 10, with admissions and courses selected', async () => {
    // 120 providers in 西岗区, each with two admissions and three courses (one of them a draft).
    await ds().query(
      `WITH p AS (
         INSERT INTO provider (credit_code, name, type, region_code, version)
         SELECT 'T' || lpad(i::text, 17, '0'), '批量培训机构' || i, 'PRIVATE_TRAINING_INSTITUTION', '210203', 1 FROM generate_series(1, 120) AS i
         RETURNING id),
       a AS (
         INSERT INTO provider_admission (provider_id, admitted_from, admitted_until)
         SELECT p.id, $1::date + k * 200, $1::date + k * 200 + 150 FROM p, generate_series(0, 1) AS k)
       INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code, capacity, fee, status, version)
       SELECT p.id, '批量课程' || k, (ARRAY['4-10-01-05', '4-04-05-05', '6-18-01-07'])[k], 'JUNIOR', 'EMPLOYMENT_SKILLS', 'ONSITE', 40,
              $1::date + 10, $1::date + 40, (ARRAY['210203', '210202', '210211'])[k], 30, 1500, CASE WHEN k = 3 THEN 'DRAFT' ELSE 'PUBLISHED' END::course_status, 1
         FROM p, generate_series(1, 3) AS k`,
      [TODAY],
    );
    const query = `query($n: Int) { providers(first: $n, filter: { regionCode: "210203" }) { totalCount nodes {
      id name region { code } admittedOn admissions { admittedFrom }
      courses(first: 2) { totalCount nodes { id occupation { name } region { code } } } } } }`;
    for (const token of [undefined, as.dalianAdmin]) {
      const small = await app.gql(query, { n: 10 }, token ? { token } : {});
      const large = await app.gql(query, { n: 100 }, token ? { token } : {});
      expect(large.errors).toBeUndefined();
      expect(small.data.providers.nodes).toHaveLength(10);
      expect(large.data.providers.nodes).toHaveLength(100);
      const first = large.data.providers.nodes[0];
      expect(first.admissions).toHaveLength(2);
      expect(first.admittedOn).toBe(true);
      expect(first.courses.totalCount).toBe(token ? 3 : 2);
      expect(new Set(first.courses.nodes.map((c: any) => c.region.code)).size).toBeGreaterThan(1);
      expect(large.extensions?.sqlQueries).toBe(small.extensions?.sqlQueries);
      expect(large.extensions?.sqlQueries).toBeLessThanOrEqual(8);
    }
  });
  it("takes a suspended provider's courses out of subsidised-only search at once, before the index catches up", async () => {
    const provider = (await ok(REGISTER, { creditCode: creditCode('00091'), name: '大连停补验证培训学校', type: 'PRIVATE_TRAINING_INSTITUTION', regionCode: '210202' }, as.dalianAdmin)).id;
    await ok(ADMIT, { providerId: provider, from: TODAY, until: addDays(TODAY, 365) }, as.dalianAdmin);
    const course = await ok(CREATE, courseInput(provider, { title: '养老护理员（五级）停补验证班' }), as.dalianAdmin);
    await ok(PUBLISH, { courseId: course.id }, as.dalianAdmin);
    await app.settle();
    const SEARCH = `query($filter: CourseFilter) { courses(filter: $filter) { nodes { id subsidy { totalSubsidy } } } }`;
    const found = async (subsidisedOnly: boolean) => {
      const res = await app.gql(SEARCH, { filter: { providerId: provider, subsidisedOnly } });
      expect(res.errors).toBeUndefined();
      return res.data.courses.nodes;
    };
    const subsidised = await found(true);
    expect(subsidised.map((c: { id: string }) => c.id)).toEqual([course.id]);
    expect(subsidised[0].subsidy.totalSubsidy).not.toBe('0.00');

    const worker = app.platform.worker!;
    const documents = app.platform.infrastructure.search.index('courses');
    await worker.stop();
    try {
      await ok(SUSPEND, { providerId: provider, reason: '虚报培训人数' }, as.dalianAdmin);
      // The index still says subsidised: the worker has not run.
      expect(await documents.getDocument(dbId(course.id))).toMatchObject({ subsidised: true });
      expect(await found(true)).toEqual([]);
      expect(await found(false)).toEqual([{ id: course.id, subsidy: { totalSubsidy: '0.00' } }]);
    } finally {
      await worker.start();
    }
    await app.settle();
    expect(await documents.getDocument(dbId(course.id))).toMatchObject({ subsidised: false });
    expect(await found(true)).toEqual([]);
  });
});

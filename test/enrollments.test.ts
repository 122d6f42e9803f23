import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { addDays } from '../domain/supply/subsidy-quote';
import { COURSES_INDEX } from '../search/courses.index';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { storeProvider, storeSeekers, type SeekerSpec } from './factories';
import { startTestPlatform, type TestPlatform, type UserError } from './harness';

const TODAY = todayInChina();
const YEAR = TODAY.slice(0, 4);
const DALIAN = '210200';
const ZHONGSHAN = '210202';
const SHENYANG = '210100';
const HEPING = '210102';

const QUOTE_FIELDS = 'fee baseSubsidy shortageUpliftPercent shortageUplift groupSupplements totalSubsidy netCost subsidised lines { kind label amount includedInTotal standard { id } }';
const ENROLLMENT_FIELDS = `id status enrolledAt withdrawnAt withdrawalReason traineeGroups course { id enrolled seatsLeft } jobSeeker { id } quote { ${QUOTE_FIELDS} }`;
const ERRORS = 'userErrors { field code message }';
const ENROLL = `mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { ${ENROLLMENT_FIELDS} } ${ERRORS} } }`;
const WITHDRAW = `mutation($input: WithdrawEnrollmentInput!) { withdrawEnrollment(input: $input) { enrollment { ${ENROLLMENT_FIELDS} } ${ERRORS} } }`;
const QUOTE = `query($courseId: ID!, $seekerId: ID) { subsidyQuote(courseId: $courseId, seekerId: $seekerId) { ${QUOTE_FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on Enrollment { id status jobSeeker { id } quote { ${QUOTE_FIELDS} } } } }`;
const LIST = `query($filter: EnrollmentFilter, $first: Int) {
  enrollments(filter: $filter, first: $first) {
    totalCount
    nodes { id status course { id title } jobSeeker { id } quote { totalSubsidy lines { kind standard { id } } } }
  }
}`;
const SET_STANDARD = `mutation($input: SetSubsidyStandardInput!) { setSubsidyStandard(input: $input) { subsidyStandard { id } ${ERRORS} } }`;

describe('course enrolment', () => {
  let app: TestPlatform;
  let db: DataSource;
  const as = {} as Record<'counsellor' | 'admin' | 'shenyangCounsellor' | 'provider' | 'otherProvider' | 'enterprise', string>;
  let provider: string;
  let otherProvider: string;

  const course = async (spec: { capacity?: number; startIn?: number; days?: number; status?: string; groups?: string[]; provider?: string; title?: string } = {}) => {
    const startsOn = addDays(TODAY, spec.startIn ?? 30);
    const status = spec.status ?? 'PUBLISHED';
    const [{ id }] = await db.query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code,
                           capacity, fee, eligible_groups, status, published_at, version)
       VALUES ($1, $2, '4-10-01-05', 'JUNIOR', 'EMPLOYMENT_SKILLS', 'ONSITE', 80, $3, $4, $5, $6, '1800.00', $7::seeker_group[], $8, $9, 1)
       RETURNING id::text AS id`,
      [
        spec.provider ?? provider,
        spec.title ?? '养老护理员（五级）就业技能培训',
        startsOn,
        addDays(startsOn, spec.days ?? 20),
        ZHONGSHAN,
        spec.capacity ?? 30,
        spec.groups ?? [],
        status,
        status === 'DRAFT' ? null : new Date(),
      ],
    );
    return id as string;
  };

  const seekers = (count: number, spec: Partial<SeekerSpec> = {}) => storeSeekers(db, count, { region: ZHONGSHAN, ...spec });
  const seeker = async (spec: Parameters<typeof seekers>[1] = {}) => (await seekers(1, spec))[0];
  const selfToken = (seekerId: string) => app.token(Role.SEEKER, { seeker: seekerId });

  const enrol = async (courseId: string, seekerId: string, token = as.counsellor) => {
    const res = await app.gql(ENROLL, { input: { courseId: toGlobalId('Course', courseId), seekerId: toGlobalId('JobSeeker', seekerId) } }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.enrollInCourse;
  };
  const enrolled = async (courseId: string, seekerId: string, token = as.counsellor) => {
    const payload = await enrol(courseId, seekerId, token);
    expect(payload.userErrors).toEqual([]);
    return payload.enrollment;
  };
  const withdraw = async (enrollmentId: string, token = as.counsellor, reason?: string) => {
    const res = await app.gql(WITHDRAW, { input: { enrollmentId, reason } }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.withdrawEnrollment;
  };
  /** Everything an enrolment or withdrawal writes; a refused one must leave all of it as it was. */
  const writes = async () =>
    (
      await db.query(
        `SELECT (SELECT count(*) FROM enrollment)::int AS enrollments,
                (SELECT md5(coalesce(string_agg(concat_ws(',', id, status, withdrawn_at), ';' ORDER BY id), '')) FROM enrollment) AS "enrollmentRows",
                (SELECT coalesce(sum(enrolled), 0) FROM course)::int AS seats,
                (SELECT coalesce(sum(version), 0) FROM course)::int AS "courseVersions",
                (SELECT count(*) FROM audit_entry)::int AS audit,
                (SELECT count(*) FROM test_outbox_log)::int AS outbox`,
      )
    )[0];
  const seatsOf = async (courseId: string) => (await db.query('SELECT enrolled FROM course WHERE id = $1', [courseId]))[0].enrolled as number;
  const setStandard = async (input: Record<string, unknown>) => {
    const res = await app.gql(SET_STANDARD, { input: { regionCode: DALIAN, basis: '测试标准', ...input } }, { token: as.admin });
    expect(res.errors).toBeUndefined();
    expect(res.data.setSubsidyStandard.userErrors).toEqual([]);
  };
  const newProvider = () => storeProvider(db, { region: ZHONGSHAN, today: TODAY });

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    // Every outbox row, kept after the search worker has taken it: what each write queued.
    await db.query(`
      CREATE TABLE test_outbox_log (seq bigserial PRIMARY KEY, index_name text NOT NULL, document_id text NOT NULL);
      CREATE FUNCTION test_outbox_log() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO test_outbox_log (index_name, document_id) VALUES (NEW.index_name, NEW.document_id); RETURN NEW; END $$;
      CREATE TRIGGER test_outbox_log AFTER INSERT ON search_outbox FOR EACH ROW EXECUTE FUNCTION test_outbox_log();`);
    provider = await newProvider();
    otherProvider = await newProvider();
    as.counsellor = await app.token(Role.COUNSELLOR, { region: DALIAN });
    as.admin = await app.token(Role.ADMIN, { region: DALIAN });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: SHENYANG });
    as.provider = await app.token(Role.PROVIDER, { provider });
    as.otherProvider = await app.token(Role.PROVIDER, { provider: otherProvider });
    as.enterprise = await app.token(Role.ENTERPRISE);
    await setStandard({ kind: 'TRAINING', amount: '1000.00', unit: 'PER_PERSON', effectiveFrom: `${YEAR}-01-01` });
    await setStandard({ kind: 'GROUP_SUPPLEMENT', seekerGroup: 'UNEMPLOYED', amount: '300.00', unit: 'PER_PERSON', effectiveFrom: `${YEAR}-01-01` });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('200 simultaneous enrolments for 30 seats end with exactly 30', async () => {
    const courseId = await course({ capacity: 30 });
    const crowd = await seekers(200);
    const before = await writes();
    const payloads = await Promise.all(crowd.map((s) => enrol(courseId, s)));

    const taken = payloads.filter((p) => p.enrollment !== null);
    const refused = payloads.flatMap((p) => p.userErrors as UserError[]);
    expect(taken).toHaveLength(30);
    expect(taken.every((p) => p.userErrors.length === 0 && p.enrollment.status === 'ENROLLED')).toBe(true);
    expect(refused).toHaveLength(170);
    expect(new Set(refused.map((e) => `${e.code} ${e.field.join('.')}`))).toEqual(new Set(['COURSE_FULL input.courseId']));

    const [counts] = await db.query(
      `SELECT (SELECT count(*) FROM enrollment WHERE course_id = $1::bigint AND status = 'ENROLLED')::int AS enrollments,
              (SELECT count(DISTINCT seeker_id) FROM enrollment WHERE course_id = $1::bigint)::int AS seekers,
              (SELECT enrolled FROM course WHERE id = $1::bigint) AS enrolled,
              (SELECT count(*) FROM audit_entry WHERE entity_type = 'Enrollment' AND action = 'ENROLL' AND changes->>'courseId' = $1::text)::int AS audit`,
      [courseId],
    );
    expect(counts).toEqual({ enrollments: 30, seekers: 30, enrolled: 30, audit: 30 });
    const after = await writes();
    expect(after.outbox - before.outbox).toBe(30);

    // Seats left is part of the search document: the index follows the seats taken.
    await app.settle();
    const document = await app.platform.infrastructure.search.index(COURSES_INDEX).getDocument(courseId);
    expect(document.seatsLeft).toBe(0);
    expect(document.enrollable).toBe(false);
  }, 120_000);

  it('refuses a second enrolment in the same course and one in a course whose dates overlap, naming the other course', async () => {
    const first = await course({ startIn: 30, days: 20, title: '养老护理员 第一期' });
    const overlapping = await course({ startIn: 50, days: 10, title: '养老护理员 第二期' });
    const later = await course({ startIn: 51, days: 10, title: '养老护理员 第三期' });
    const someone = await seeker();
    await enrolled(first, someone, await selfToken(someone));

    const before = await writes();
    const again = await enrol(first, someone);
    expect(again.enrollment).toBeNull();
    expect(again.userErrors).toEqual([{ field: ['input', 'courseId'], code: 'OVERLAPPING_ENROLLMENT', message: expect.stringContaining(`already enrolled in course ${first}`) }]);
    const clash = await enrol(overlapping, someone);
    expect(clash.enrollment).toBeNull();
    expect(clash.userErrors).toMatchObject([{ field: ['input', 'courseId'], code: 'OVERLAPPING_ENROLLMENT' }]);
    expect(clash.userErrors[0].message).toContain(`course ${first} “养老护理员 第一期”`);
    expect(await writes()).toEqual(before);

    // The first course ends on day 50; one starting on day 51 does not overlap it.
    expect((await enrolled(later, someone)).status).toBe('ENROLLED');
  });

  it('frees the seat on withdrawal, so another seeker can take it; withdrawing twice is refused', async () => {
    const courseId = await course({ capacity: 1 });
    const [leaver, waiting] = await seekers(2);
    const leaverToken = await selfToken(leaver);
    const enrollment = await enrolled(courseId, leaver, leaverToken);
    expect(enrollment.course).toMatchObject({ enrolled: 1, seatsLeft: 0 });
    expect((await enrol(courseId, waiting)).userErrors).toMatchObject([{ field: ['input', 'courseId'], code: 'COURSE_FULL' }]);

    const refused = await withdraw(enrollment.id, as.shenyangCounsellor);
    expect(refused.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'NOT_FOUND' }]);

    const mark = (await writes()).outbox;
    const payload = await withdraw(enrollment.id, leaverToken, '家中有事，无法按时参加');
    expect(payload.userErrors).toEqual([]);
    expect(payload.enrollment).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '家中有事，无法按时参加', course: { enrolled: 0, seatsLeft: 1 } });
    expect(payload.enrollment.withdrawnAt).toEqual(expect.any(String));
    expect(await seatsOf(courseId)).toBe(0);
    expect((await writes()).outbox - mark).toBe(1);
    const [audit] = await db.query(`SELECT actor_role, changes FROM audit_entry WHERE entity_type = 'Enrollment' AND action = 'WITHDRAW' AND changes->>'courseId' = $1`, [courseId]);
    expect(audit.actor_role).toBe('SEEKER');
    expect(audit.changes).toMatchObject({ status: { from: 'ENROLLED', to: 'WITHDRAWN' }, reasonGiven: true, totalSubsidy: '1300.00' });
    expect(JSON.stringify(audit.changes)).not.toContain('家中有事');

    const before = await writes();
    const twice = await withdraw(enrollment.id, leaverToken);
    expect(twice.enrollment).toBeNull();
    expect(twice.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'ALREADY_WITHDRAWN' }]);
    expect(await writes()).toEqual(before);

    expect((await enrolled(courseId, waiting)).course).toMatchObject({ enrolled: 1, seatsLeft: 0 });
  });

  it('ends the enrolments of a course its provider cancels, audited, so the trainees are free for another course at those dates', async () => {
    const courseId = await course({ capacity: 5, startIn: 40 });
    const [first, second, gone] = await seekers(3);
    const kept = await enrolled(courseId, first);
    await enrolled(courseId, second);
    const left = await enrolled(courseId, gone);
    expect((await withdraw(left.id)).userErrors).toEqual([]);
    expect(await seatsOf(courseId)).toBe(2);

    const cancelled = await app.gql(`mutation($input: CancelCourseInput!) { cancelCourse(input: $input) { course { status enrolled seatsLeft } ${ERRORS} } }`,
      { input: { courseId: toGlobalId('Course', courseId) } }, { token: as.provider });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelCourse).toEqual({ course: { status: 'CANCELLED', enrolled: 0, seatsLeft: 5 }, userErrors: [] });

    const rows: { seeker_id: string; status: string; withdrawal_reason: string | null }[] = await db.query(
      `SELECT seeker_id::text, status, withdrawal_reason FROM enrollment WHERE course_id = $1 ORDER BY seeker_id`, [courseId]);
    expect(rows).toEqual([
      { seeker_id: first, status: 'WITHDRAWN', withdrawal_reason: '课程已取消' },
      { seeker_id: second, status: 'WITHDRAWN', withdrawal_reason: '课程已取消' },
      { seeker_id: gone, status: 'WITHDRAWN', withdrawal_reason: null },
    ]);
    const audits: { actor_role: string; changes: Record<string, unknown> }[] = await db.query(
      `SELECT actor_role, changes FROM audit_entry WHERE entity_type = 'Enrollment' AND action = 'WITHDRAW' AND changes->>'reason' = 'COURSE_CANCELLED' AND changes->>'courseId' = $1`, [courseId]);
    expect(audits.map((a) => a.changes.seekerId).sort()).toEqual([first, second]);
    expect(audits.every((a) => a.actor_role === 'PROVIDER')).toBe(true);
    const [cancel] = await db.query(`SELECT changes FROM audit_entry WHERE entity_type = 'Course' AND action = 'CANCEL' AND entity_id = $1`, [courseId]);
    expect(cancel.changes).toMatchObject({ status: { to: 'CANCELLED' }, withdrawnEnrollments: 2 });

    const node = await app.gql(NODE, { id: kept.id }, { token: as.counsellor });
    expect(node.data.node.status).toBe('WITHDRAWN');
    // Same dates, another course: no overlap with the cancelled one stands in the way.
    const instead = await course({ capacity: 5, startIn: 40, title: '养老护理员（五级）加开班' });
    expect((await enrolled(instead, first)).status).toBe('ENROLLED');
  });

  it.each([
    ['cancelled', { status: 'CANCELLED' }, 'COURSE_NOT_OPEN', /cancelled/],
    ['draft', { status: 'DRAFT' }, 'COURSE_NOT_OPEN', /draft/],
    ['already started', { startIn: -1 }, 'COURSE_NOT_OPEN', /started on/],
    ['full', { capacity: 1 }, 'COURSE_FULL', /full/],
  ])('refuses enrolment in a %s course with a typed error on courseId, writing nothing', async (label, spec, code, message) => {
    const courseId = await course(spec);
    if (label === 'full') await enrolled(courseId, await seeker());
    const someone = await seeker();
    const before = await writes();
    const payload = await enrol(courseId, someone);
    expect(payload.enrollment).toBeNull();
    expect(payload.userErrors).toEqual([{ field: ['input', 'courseId'], code, message: expect.stringMatching(message) }]);
    expect(await writes()).toEqual(before);
  });

  it('refuses enrolment in a course that does not exist with NOT_FOUND on courseId', async () => {
    const before = await writes();
    expect((await enrol('99999999', await seeker())).userErrors).toEqual([{ field: ['input', 'courseId'], code: 'NOT_FOUND', message: 'Course 99999999 does not exist' }]);
    expect((await writes()).enrollments).toBe(before.enrollments);
  });

  it('refuses a seeker token naming another seeker, and staff of another region, as if the seeker did not exist', async () => {
    const courseId = await course();
    const [self, other, shenyangSeeker] = [await seeker(), await seeker(), await seeker({ region: HEPING })];
    const before = await writes();
    for (const [token, seekerId] of [
      [await selfToken(self), other],
      [await selfToken(self), '99999999'],
      [as.shenyangCounsellor, self],
      [as.counsellor, shenyangSeeker],
    ]) {
      const payload = await enrol(courseId, seekerId, token);
      expect(payload.enrollment).toBeNull();
      expect(payload.userErrors).toEqual([{ field: ['input', 'seekerId'], code: 'NOT_FOUND', message: `JobSeeker ${seekerId} does not exist` }]);
    }
    const input = { courseId: toGlobalId('Course', courseId), seekerId: toGlobalId('JobSeeker', self) };
    expect((await app.gql(ENROLL, { input }, { token: as.provider })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(ENROLL, { input }, { token: as.enterprise })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(ENROLL, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const wrongType = await app.gql(ENROLL, { input: { ...input, courseId: toGlobalId('JobSeeker', self) } }, { token: as.counsellor });
    expect(wrongType.data.enrollInCourse.userErrors).toMatchObject([{ field: ['input', 'courseId'], code: 'INVALID' }]);
    expect(await writes()).toEqual(before);
  });

  it("refuses a seeker outside the course's eligible groups, counting derived college graduates in", async () => {
    const veteransOnly = await course({ groups: ['VETERAN'] });
    const graduatesOnly = await course({ groups: ['COLLEGE_GRADUATE'] });
    const unemployed = await seeker({ groups: ['UNEMPLOYED'] });
    const before = await writes();
    const payload = await enrol(veteransOnly, unemployed);
    expect(payload.enrollment).toBeNull();
    expect(payload.userErrors).toEqual([{ field: ['input', 'seekerId'], code: 'NOT_ELIGIBLE', message: expect.stringContaining('VETERAN') }]);
    expect(await writes()).toEqual(before);

    expect((await enrolled(veteransOnly, await seeker({ groups: ['VETERAN'] }))).status).toBe('ENROLLED');
    // COLLEGE_GRADUATE is never stored: a bachelor graduating this year is one.
    const graduate = await seeker({ groups: [], education: 'BACHELOR', graduationDate: `${YEAR}-06-30`, status: 'STUDENT' });
    // The seat keeps the groups of its day: the graduate stays one on it whatever later dates say.
    expect(await enrolled(graduatesOnly, graduate)).toMatchObject({ status: 'ENROLLED', traineeGroups: ['COLLEGE_GRADUATE'] });
    expect((await enrol(graduatesOnly, await seeker({ groups: [], education: 'SENIOR_HIGH' }))).userErrors).toMatchObject([{ code: 'NOT_ELIGIBLE' }]);
  });

  it('records the quote of the moment for the seeker, and keeps it when the standards change', async () => {
    const courseId = await course({ startIn: 120 });
    const someone = await seeker({ groups: ['UNEMPLOYED'] });
    const quoteNow = async () => {
      const res = await app.gql(QUOTE, { courseId: toGlobalId('Course', courseId), seekerId: toGlobalId('JobSeeker', someone) }, { token: as.counsellor });
      expect(res.errors).toBeUndefined();
      return res.data.subsidyQuote;
    };
    const quoted = await quoteNow();
    expect(quoted).toMatchObject({ fee: '1800.00', baseSubsidy: '1000.00', groupSupplements: '300.00', totalSubsidy: '1300.00', netCost: '500.00' });

    const enrollment = await enrolled(courseId, someone);
    expect(enrollment.quote).toEqual(quoted);
    const [row] = await db.query('SELECT fee::text, total_subsidy::text, net_cost::text FROM enrollment WHERE id = $1', [Buffer.from(enrollment.id, 'base64url').toString().split(':')[1]]);
    expect(row).toEqual({ fee: '1800.00', total_subsidy: '1300.00', net_cost: '500.00' });
    const [audit] = await db.query(`SELECT changes FROM audit_entry WHERE entity_type = 'Enrollment' AND action = 'ENROLL' AND changes->>'courseId' = $1`, [courseId]);
    expect(audit.changes).toEqual({ courseId, seekerId: someone, status: { from: null, to: 'ENROLLED' }, fee: '1800.00', totalSubsidy: '1300.00', netCost: '500.00', traineeGroups: ['UNEMPLOYED'] });

    await setStandard({ kind: 'TRAINING', amount: '1600.00', unit: 'PER_PERSON', effectiveFrom: TODAY });
    expect(await quoteNow()).toMatchObject({ baseSubsidy: '1600.00', totalSubsidy: '1900.00', netCost: '0.00' });
    const later = await app.gql(NODE, { id: enrollment.id }, { token: as.counsellor });
    expect(later.data.node.quote).toEqual(quoted);
  });

  it('shows enrolments to the seeker, the provider running the course and staff of the seeker’s region', async () => {
    const ours = await course({ startIn: 200, title: '本机构课程' });
    const theirs = await course({ startIn: 240, provider: otherProvider, title: '他机构课程' });
    const [dalianSeeker, otherDalianSeeker] = await seekers(2);
    const shenyangSeeker = await seeker({ region: HEPING });
    const shenyangEnrolment = await enrolled(ours, shenyangSeeker, as.shenyangCounsellor);
    const own = await enrolled(ours, dalianSeeker, await selfToken(dalianSeeker));
    const elsewhere = await enrolled(theirs, dalianSeeker);
    const neighbour = await enrolled(theirs, otherDalianSeeker);

    const list = async (token: string, filter: Record<string, unknown> = {}, first = 20) => {
      const res = await app.gql(LIST, { filter, first }, { token });
      expect(res.errors).toBeUndefined();
      return res.data.enrollments;
    };
    const ids = async (token: string, filter: Record<string, unknown> = {}) => (await list(token, filter)).nodes.map((n: { id: string }) => n.id);

    const dalianToken = await selfToken(dalianSeeker);
    expect(await ids(dalianToken)).toEqual([own.id, elsewhere.id]);
    expect((await list(dalianToken)).nodes[0]).toMatchObject({ jobSeeker: { id: toGlobalId('JobSeeker', dalianSeeker) }, course: { title: '本机构课程' } });
    expect(await ids(as.provider, { courseId: toGlobalId('Course', ours) })).toEqual([shenyangEnrolment.id, own.id]);
    expect(await ids(as.provider, { courseId: toGlobalId('Course', theirs) })).toEqual([]);
    expect((await list(as.provider, { courseId: toGlobalId('Course', ours) })).nodes.map((n: { jobSeeker: unknown }) => n.jobSeeker)).toEqual([null, null]);
    expect(await ids(as.otherProvider)).toEqual([elsewhere.id, neighbour.id]);
    expect(await ids(as.shenyangCounsellor)).toEqual([shenyangEnrolment.id]);
    expect(await ids(as.counsellor, { seekerId: toGlobalId('JobSeeker', dalianSeeker) })).toEqual([own.id, elsewhere.id]);
    expect(await ids(as.counsellor, { courseId: toGlobalId('Course', ours), status: 'ENROLLED' })).toEqual([own.id]);
    expect(await ids(as.counsellor, { courseId: toGlobalId('Course', ours), status: 'WITHDRAWN' })).toEqual([]);
    const enterprise = await app.gql(LIST, {}, { token: as.enterprise });
    expect(enterprise.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badFilter = await app.gql(LIST, { filter: { courseId: toGlobalId('JobSeeker', '1') } }, { token: as.counsellor });
    expect(badFilter.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'courseId'] });

    const node = async (token: string) => (await app.gql(NODE, { id: own.id }, { token })).data.node;
    expect(await node(dalianToken)).toMatchObject({ id: own.id, jobSeeker: { id: toGlobalId('JobSeeker', dalianSeeker) } });
    expect(await node(as.counsellor)).toMatchObject({ id: own.id });
    expect(await node(as.provider)).toMatchObject({ id: own.id, jobSeeker: null });
    expect(await node(as.otherProvider)).toBeNull();
    expect(await node(as.shenyangCounsellor)).toBeNull();
    expect(await node(await selfToken(otherDalianSeeker))).toBeNull();

    // Course, seeker and standard behind every line come in batches: a longer page costs no more statements.
    const page = async (first: number) => (await app.gql(LIST, { first }, { token: as.counsellor })).extensions!.sqlQueries!;
    expect((await list(as.counsellor, {}, 20)).totalCount).toBeGreaterThan(20);
    expect(await page(20)).toBe(await page(2));
  });
});

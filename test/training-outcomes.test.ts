import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { addDays } from '../domain/supply/subsidy-quote';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { storeCourse, storeProvider, storeSeekers } from './factories';
import { startTestPlatform, type TestPlatform, type UserError } from './harness';

const TODAY = todayInChina();
const ZHONGSHAN = '210202';
const DALIAN = '210200';
const SHENYANG = '210100';
const ELDERLY_CARE = '4-10-01-05';
const EMPLOYER = (() => {
  const first17 = '91210200MA0000001';
  return first17 + creditCodeCheckCharacter(first17);
})();

const ERRORS = 'userErrors { field code message }';
const OUTCOME = 'outcome { completion finishedOn certificateLevel certificateNumber employedOn employerCreditCode reportedAt }';
const COMPLETION = `mutation($input: ReportTrainingCompletionInput!) { reportTrainingCompletion(input: $input) { enrollment { id status ${OUTCOME} } ${ERRORS} } }`;
const EMPLOYMENT = `mutation($input: ReportEmploymentInput!) { reportEmployment(input: $input) { enrollment { id ${OUTCOME} } ${ERRORS} } }`;
const WITHDRAW = `mutation($input: WithdrawEnrollmentInput!) { withdrawEnrollment(input: $input) { enrollment { id } ${ERRORS} } }`;
const FIGURES = 'enrolled reported completed droppedOut certified employed completionPercent certificationPercent employmentPercent';

describe('training outcomes: completion, certificates and employment', () => {
  let app: TestPlatform;
  let db: DataSource;
  const as = {} as Record<'provider' | 'otherProvider' | 'admin' | 'counsellor' | 'shenyangAdmin' | 'shenyangCounsellor', string>;
  let provider: string;
  let otherProvider: string;

  /** Admitted since long before the courses that `runFrom` moves into the past. */
  const newProvider = () => storeProvider(db, { region: ZHONGSHAN, today: addDays(TODAY, -370), type: 'VOCATIONAL_COLLEGE' });

  /** A published JUNIOR course of `provider` that opens in a month; `runFrom` later moves it into the past, as time would. */
  const course = (owner = provider) =>
    storeCourse(db, { provider: owner, title: '养老护理员（五级）就业技能培训', occupation: ELDERLY_CARE, region: ZHONGSHAN, startsOn: addDays(TODAY, 30), endsOn: addDays(TODAY, 50) });
  const runFrom = async (courseId: string, startsOn: string, endsOn: string) => {
    await db.query('UPDATE course SET starts_on = $2, ends_on = $3 WHERE id = $1', [courseId, startsOn, endsOn]);
  };
  const seekers = (count: number, region = ZHONGSHAN) => storeSeekers(db, count, { region });
  const enrol = async (courseId: string, seekerId: string): Promise<string> => {
    const res = await app.gql(`mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { id } ${ERRORS} } }`,
      { input: { courseId: toGlobalId('Course', courseId), seekerId: toGlobalId('JobSeeker', seekerId) } }, { token: as.counsellor });
    expect(res.errors).toBeUndefined();
    expect(res.data.enrollInCourse.userErrors).toEqual([]);
    return res.data.enrollInCourse.enrollment.id;
  };
  /** A course that ran from 60 to 40 days ago, with one seat per seeker. */
  const finishedCourse = async (trainees: number, owner = provider) => {
    const courseId = await course(owner);
    const people = await seekers(trainees);
    const seats: string[] = [];
    for (const s of people) seats.push(await enrol(courseId, s));
    await runFrom(courseId, addDays(TODAY, -60), addDays(TODAY, -40));
    return { courseId, people, seats };
  };
  const report = async (input: Record<string, unknown>, token = as.provider) => {
    const res = await app.gql(COMPLETION, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.reportTrainingCompletion as { enrollment: Record<string, any> | null; userErrors: UserError[] };
  };
  const employ = async (input: Record<string, unknown>, token = as.provider) => {
    const res = await app.gql(EMPLOYMENT, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.reportEmployment as { enrollment: Record<string, any> | null; userErrors: UserError[] };
  };
  const seekerRecord = async (seekerId: string) =>
    (await db.query('SELECT current_skill_level, certificates, employment_status, groups::text[] AS groups, version FROM job_seeker WHERE id = $1', [seekerId]))[0];
  /** Everything a report writes; a refused one leaves all of it as it was. */
  const writes = async () =>
    (
      await db.query(
        `SELECT (SELECT md5(coalesce(string_agg(concat_ws(',', id, status, completion, finished_on, certificate_level, certificate_number, employed_on, employer_credit_code, outcome_reported_at), ';' ORDER BY id), '')) FROM enrollment) AS enrollments,
                (SELECT md5(coalesce(string_agg(concat_ws(',', id, current_skill_level, certificates, employment_status, version), ';' ORDER BY id), '')) FROM job_seeker) AS seekers,
                (SELECT count(*) FROM audit_entry)::int AS audit`,
      )
    )[0];

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '养老护理员', 4)`, [ELDERLY_CARE]);
    provider = await newProvider();
    otherProvider = await newProvider();
    as.provider = await app.token(Role.PROVIDER, { provider });
    as.otherProvider = await app.token(Role.PROVIDER, { provider: otherProvider });
    as.admin = await app.token(Role.ADMIN, { region: DALIAN });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: DALIAN });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: SHENYANG });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: SHENYANG });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('a provider reports a trainee certified: the seat shows it, the seeker is raised to that level and holds the certificate, both audited', async () => {
    const { people: [trainee], seats: [seat] } = await finishedCourse(1);
    const before = await seekerRecord(trainee);
    expect(before.current_skill_level).toBeNull();

    const finishedOn = addDays(TODAY, -40);
    const payload = await report({ enrollmentId: seat, completion: 'COMPLETED', finishedOn, certificateLevel: 'JUNIOR', certificateNumber: 'S000021020001234' });
    expect(payload.userErrors).toEqual([]);
    expect(payload.enrollment).toMatchObject({
      status: 'ENROLLED',
      outcome: { completion: 'COMPLETED', finishedOn, certificateLevel: 'JUNIOR', certificateNumber: 'S000021020001234', employedOn: null, employerCreditCode: null, reportedAt: expect.any(String) },
    });
    const after = await seekerRecord(trainee);
    expect(after).toMatchObject({ current_skill_level: 'JUNIOR', certificates: ['养老护理员 职业技能等级证书（五级/初级工）'], employment_status: 'UNEMPLOYED' });
    expect(after.version).toBe(before.version + 1);

    const audit: { action: string; entity_type: string; actor_role: string; changes: Record<string, unknown> }[] = await db.query(
      `SELECT action, entity_type, actor_role, changes FROM audit_entry WHERE (entity_type = 'Enrollment' AND entity_id = $1 AND action = 'REPORT_COMPLETION') OR (entity_type = 'JobSeeker' AND entity_id = $2) ORDER BY id`,
      [Buffer.from(seat, 'base64url').toString().split(':')[1], trainee],
    );
    expect(audit).toEqual([
      { action: 'REPORT_COMPLETION', entity_type: 'Enrollment', actor_role: 'PROVIDER', changes: expect.objectContaining({ completion: { from: null, to: 'COMPLETED' }, certificateLevel: { from: null, to: 'JUNIOR' } }) },
      { action: 'UPDATE', entity_type: 'JobSeeker', actor_role: 'PROVIDER', changes: expect.objectContaining({ currentSkillLevel: { from: null, to: 'JUNIOR' }, because: expect.objectContaining({ reported: 'CERTIFICATE' }) }) },
    ]);

    // A correction of the certificate number is one more audited change; the seeker's record is not touched again.
    const corrected = await report({ enrollmentId: seat, completion: 'COMPLETED', finishedOn, certificateLevel: 'JUNIOR', certificateNumber: 'S000021020001235' });
    expect(corrected.userErrors).toEqual([]);
    const [last] = await db.query(`SELECT changes FROM audit_entry WHERE entity_type = 'Enrollment' AND action = 'REPORT_COMPLETION' ORDER BY id DESC LIMIT 1`);
    expect(last.changes).toMatchObject({ certificateNumber: { from: 'S000021020001234', to: 'S000021020001235' } });
    expect(last.changes).not.toHaveProperty('completion');
    expect((await seekerRecord(trainee)).version).toBe(after.version);
  });

  it('refuses reports that cannot be true, naming the field, and writes nothing', async () => {
    const { courseId, seats: [seat, other, gone] } = await finishedCourse(3);
    const withdrawn = await app.gql(WITHDRAW, { input: { enrollmentId: gone } }, { token: as.counsellor });
    expect(withdrawn.data.withdrawEnrollment.userErrors).toEqual([]);
    const lastDay = addDays(TODAY, -40);
    const before = await writes();

    const cases: [Record<string, unknown>, string, Partial<UserError>[]][] = [
      [{ completion: 'COMPLETED', finishedOn: addDays(lastDay, -1) }, as.provider, [{ field: ['input', 'finishedOn'], code: 'INVALID' }]],
      [{ completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -61) }, as.provider, [{ field: ['input', 'finishedOn'], code: 'INVALID' }]],
      [{ completion: 'COMPLETED', finishedOn: addDays(TODAY, 1) }, as.provider, [{ field: ['input', 'finishedOn'], code: 'INVALID' }]],
      [{ completion: 'COMPLETED', finishedOn: lastDay, certificateLevel: 'INTERMEDIATE', certificateNumber: 'X1' }, as.provider, [{ field: ['input', 'certificateLevel'], code: 'CERTIFICATE_ABOVE_COURSE' }]],
      [{ completion: 'COMPLETED', finishedOn: lastDay, certificateLevel: 'JUNIOR' }, as.provider, [{ field: ['input', 'certificateNumber'], code: 'INVALID' }]],
      [{ completion: 'COMPLETED', finishedOn: lastDay, certificateNumber: 'X1' }, as.provider, [{ field: ['input', 'certificateLevel'], code: 'INVALID' }]],
      [{ completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -50), certificateLevel: 'JUNIOR', certificateNumber: 'X1' }, as.provider, [{ field: ['input', 'certificateLevel'], code: 'INVALID' }]],
      // Every invalid field at once, not only the first.
      [{ completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, 1), certificateLevel: 'SENIOR', certificateNumber: 'X1' }, as.provider, [
        { field: ['input', 'finishedOn'], code: 'INVALID' }, { field: ['input', 'certificateLevel'], code: 'INVALID' }, { field: ['input', 'certificateLevel'], code: 'CERTIFICATE_ABOVE_COURSE' }]],
      [{ completion: 'COMPLETED', finishedOn: lastDay }, as.otherProvider, [{ field: ['input', 'enrollmentId'], code: 'NOT_FOUND' }]],
      [{ completion: 'COMPLETED', finishedOn: lastDay }, as.shenyangAdmin, [{ field: ['input', 'enrollmentId'], code: 'NOT_FOUND' }]],
    ];
    for (const [input, token, expected] of cases) {
      const payload = await report({ enrollmentId: seat, ...input }, token);
      expect(payload.enrollment, JSON.stringify(input)).toBeNull();
      expect(payload.userErrors, JSON.stringify(input)).toEqual(expected.map((e) => expect.objectContaining(e)));
    }
    const givenBack = await report({ enrollmentId: gone, completion: 'COMPLETED', finishedOn: lastDay });
    expect(givenBack.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'NOT_ENROLLED' }]);
    const noSuchSeat = await report({ enrollmentId: toGlobalId('Enrollment', '999999999'), completion: 'COMPLETED', finishedOn: lastDay });
    expect(noSuchSeat.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'NOT_FOUND' }]);
    const notASeat = await report({ enrollmentId: toGlobalId('Course', courseId), completion: 'COMPLETED', finishedOn: lastDay });
    expect(notASeat.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'INVALID' }]);
    const noEmploymentYet = await employ({ enrollmentId: other, employedOn: TODAY });
    expect(noEmploymentYet.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'NOT_COMPLETED' }]);

    // Counsellors follow people up; they do not certify training.
    const counsellor = await app.gql(COMPLETION, { input: { enrollmentId: seat, completion: 'COMPLETED', finishedOn: lastDay } }, { token: as.counsellor });
    expect(counsellor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await writes()).toEqual(before);

    // The bureau of the course's region may report in the provider's place.
    expect((await report({ enrollmentId: seat, completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -50) }, as.admin)).userErrors).toEqual([]);
  });

  it('employment is reported by the provider or the seeker\'s counsellor after completion and marks the seeker employed', async () => {
    const { courseId, people: [trainee], seats: [seat] } = await finishedCourse(1);
    expect((await report({ enrollmentId: seat, completion: 'COMPLETED', finishedOn: addDays(TODAY, -40) })).userErrors).toEqual([]);
    const before = await writes();
    const refusals: [Record<string, unknown>, string, Partial<UserError>][] = [
      [{ employedOn: addDays(TODAY, -61) }, as.counsellor, { field: ['input', 'employedOn'], code: 'INVALID' }],
      [{ employedOn: addDays(TODAY, 3) }, as.counsellor, { field: ['input', 'employedOn'], code: 'INVALID' }],
      [{ employedOn: TODAY, employerCreditCode: EMPLOYER.slice(0, 17) + (EMPLOYER[17] === '0' ? '1' : '0') }, as.counsellor, { field: ['input', 'employerCreditCode'], code: 'INVALID' }],
      [{ employedOn: TODAY }, as.shenyangCounsellor, { field: ['input', 'enrollmentId'], code: 'NOT_FOUND' }],
      [{ employedOn: TODAY }, as.otherProvider, { field: ['input', 'enrollmentId'], code: 'NOT_FOUND' }],
    ];
    for (const [input, token, expected] of refusals) {
      const payload = await employ({ enrollmentId: seat, ...input }, token);
      expect(payload.userErrors, JSON.stringify(input)).toEqual([expect.objectContaining(expected)]);
    }
    expect(await writes()).toEqual(before);

    const employedOn = addDays(TODAY, -10);
    const payload = await employ({ enrollmentId: seat, employedOn, employerCreditCode: EMPLOYER.toLowerCase() }, as.counsellor);
    expect(payload.userErrors).toEqual([]);
    expect(payload.enrollment!.outcome).toMatchObject({ completion: 'COMPLETED', employedOn, employerCreditCode: EMPLOYER });
    // In work, the trainee is no longer of the unemployed (失业人员): no more of their courses or supplements.
    expect(await seekerRecord(trainee)).toMatchObject({ employment_status: 'EMPLOYED', groups: [] });
    const [seekerAudit] = await db.query(`SELECT actor_role, changes FROM audit_entry WHERE entity_type = 'JobSeeker' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [trainee]);
    expect(seekerAudit).toMatchObject({
      actor_role: 'COUNSELLOR',
      changes: { employmentStatus: { from: 'UNEMPLOYED', to: 'EMPLOYED' }, groups: { from: ['UNEMPLOYED'], to: [] } },
    });

    // A trainee reported employed as a graduate of the course cannot be re-reported as having dropped out, nor give the seat back.
    const dropped = await report({ enrollmentId: seat, completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -50) });
    expect(dropped.userErrors).toMatchObject([{ field: ['input', 'completion'], code: 'INVALID' }]);
    const withdrawn = await app.gql(WITHDRAW, { input: { enrollmentId: seat } }, { token: as.counsellor });
    expect(withdrawn.data.withdrawEnrollment.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'OUTCOME_REPORTED' }]);
    // Nor is a course that ran, with outcomes on record, cancelled after the fact.
    const before2 = await writes();
    const cancelled = await app.gql(`mutation($input: CancelCourseInput!) { cancelCourse(input: $input) { course { status } ${ERRORS} } }`,
      { input: { courseId: toGlobalId('Course', courseId) } }, { token: as.provider });
    expect(cancelled.data.cancelCourse).toEqual({ course: null, userErrors: [expect.objectContaining({ field: ['input', 'courseId'], code: 'INVALID_STATUS' })] });
    expect(await writes()).toEqual(before2);
    expect((await db.query('SELECT status FROM course WHERE id = $1', [courseId]))[0].status).toBe('PUBLISHED');
  });

  it('counts outcomes per course and per provider for the bureau and the provider; for the public not while few seats are reported', async () => {
    const first = await finishedCourse(5);
    const second = await finishedCourse(2);
    const [certified, employed, completedOnly, dropped, unreported] = first.seats;
    const lastDay = addDays(TODAY, -40);
    const withdrawnSeat = await app.gql(WITHDRAW, { input: { enrollmentId: unreported } }, { token: as.counsellor });
    expect(withdrawnSeat.data.withdrawEnrollment.userErrors).toEqual([]);
    for (const [seat, input] of [
      [certified, { completion: 'COMPLETED', finishedOn: lastDay, certificateLevel: 'JUNIOR', certificateNumber: 'C-1' }],
      [employed, { completion: 'COMPLETED', finishedOn: lastDay, certificateLevel: 'APPRENTICE', certificateNumber: 'C-2' }],
      [completedOnly, { completion: 'COMPLETED', finishedOn: lastDay }],
      [dropped, { completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -55) }],
      [second.seats[0], { completion: 'COMPLETED', finishedOn: lastDay }],
    ] as const) {
      expect((await report({ enrollmentId: seat, ...input })).userErrors).toEqual([]);
    }
    expect((await employ({ enrollmentId: employed, employedOn: TODAY })).userErrors).toEqual([]);
    expect((await employ({ enrollmentId: second.seats[0], employedOn: TODAY })).userErrors).toEqual([]);

    const query = `query($courses: [ID!]!, $provider: ID!) {
      nodes(ids: $courses) { ... on Course { outcomes { ${FIGURES} } } }
      provider: node(id: $provider) { ... on Provider { outcomes { ${FIGURES} } } }
    }`;
    const variables = { courses: [toGlobalId('Course', first.courseId), toGlobalId('Course', second.courseId)], provider: toGlobalId('Provider', provider) };
    const firstCourse = { enrolled: 4, reported: 4, completed: 3, droppedOut: 1, certified: 2, employed: 1, completionPercent: '75.00', certificationPercent: '66.67', employmentPercent: '33.33' };
    const secondCourse = { enrolled: 2, reported: 1, completed: 1, droppedOut: 0, certified: 0, employed: 1, completionPercent: '100.00', certificationPercent: '0.00', employmentPercent: '100.00' };
    for (const token of [as.provider, as.admin, as.counsellor]) {
      const res = await app.gql(query, variables, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toEqual([{ outcomes: firstCourse }, { outcomes: secondCourse }]);
      // Over the courses of the earlier tests too: the provider's figures are the sum of all its seats still held.
      const [all] = await db.query(
        `SELECT count(*)::int AS enrolled, count(e.completion)::int AS reported, count(e.employed_on)::int AS employed
           FROM enrollment e JOIN course c ON c.id = e.course_id WHERE c.provider_id = $1 AND e.status = 'ENROLLED'`, [provider]);
      expect(res.data.provider.outcomes).toMatchObject(all);
      expect(res.data.provider.outcomes.enrolled).toBeGreaterThanOrEqual(6);
    }
    const trainee = await app.token(Role.SEEKER, { seeker: first.people[0] });
    for (const token of [as.otherProvider, trainee, await app.token(Role.ENTERPRISE), undefined]) {
      const res = await app.gql(query, variables, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toEqual([{ outcomes: null }, { outcomes: null }]);
    }

    // The running totals matching reads agree with the seats, also after a correction takes a completion back.
    const totals = async () => ({
      kept: (await db.query('SELECT completed, employed FROM provider_placement WHERE provider_id = $1', [provider]))[0],
      counted: (await db.query(
        `SELECT count(*) FILTER (WHERE e.completion = 'COMPLETED')::int AS completed, count(e.employed_on)::int AS employed
           FROM enrollment e JOIN course c ON c.id = e.course_id WHERE c.provider_id = $1 AND e.status = 'ENROLLED'`, [provider]))[0],
    });
    const beforeCorrection = await totals();
    expect(beforeCorrection.kept).toEqual(beforeCorrection.counted);
    expect((await report({ enrollmentId: completedOnly, completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -55) })).userErrors).toEqual([]);
    const afterCorrection = await totals();
    expect(afterCorrection.kept).toEqual(afterCorrection.counted);
    expect(afterCorrection.kept.completed).toBe(beforeCorrection.kept.completed - 1);

    // The provider's to-do list: seats still held whose outcome it has yet to report (a seat given back has none to report).
    const todo = async (courseId: string) =>
      (await app.gql(`query($course: ID!) { enrollments(filter: { courseId: $course, outcomeReported: false }) { nodes { id } } }`,
        { course: toGlobalId('Course', courseId) }, { token: as.provider })).data.enrollments.nodes;
    expect(await todo(second.courseId)).toEqual([{ id: second.seats[1] }]);
    expect(await todo(first.courseId)).toEqual([]);
  });

  it('shows outcome figures to anyone once ten seats are reported, so that a rate names no trainee', async () => {
    const owner = await newProvider();
    const ownerToken = await app.token(Role.PROVIDER, { provider: owner });
    const big = await finishedCourse(10, owner);
    const query = `query($course: ID!, $provider: ID!) {
      course: node(id: $course) { ... on Course { outcomes { reported completed completionPercent } } }
      provider: node(id: $provider) { ... on Provider { outcomes { reported } } }
    }`;
    const variables = { course: toGlobalId('Course', big.courseId), provider: toGlobalId('Provider', owner) };
    const anonymous = async () => (await app.gql(query, variables)).data;
    for (const [i, seat] of big.seats.entries()) {
      if (i === 9) expect(await anonymous()).toEqual({ course: { outcomes: null }, provider: { outcomes: null } });
      const completion = i < 8 ? { completion: 'COMPLETED', finishedOn: addDays(TODAY, -40) } : { completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -50) };
      expect((await report({ enrollmentId: seat, ...completion }, ownerToken)).userErrors).toEqual([]);
    }
    expect(await anonymous()).toEqual({ course: { outcomes: { reported: 10, completed: 8, completionPercent: '80.00' } }, provider: { outcomes: { reported: 10 } } });
    const trainee = await app.token(Role.SEEKER, { seeker: big.people[0] });
    expect((await app.gql(query, variables, { token: trainee })).data.course.outcomes).toMatchObject({ reported: 10 });
  });

  it('reads the outcomes of a page of 10 or 100 courses with the same statements', async () => {
    const many = await Promise.all(Array.from({ length: 100 }, () => course()));
    const statements = async (ids: string[]) => {
      const res = await app.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Course { id outcomes { enrolled employmentPercent } provider { outcomes { enrolled } } } } }`,
        { ids: ids.map((id) => toGlobalId('Course', id)) }, { token: as.admin });
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toHaveLength(ids.length);
      return res.extensions!.sqlQueries!;
    };
    expect(await statements(many)).toBe(await statements(many.slice(0, 10)));
  });
});

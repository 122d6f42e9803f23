import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { addDays } from '../domain/supply/subsidy-quote';
import { enqueueCourseReindex } from '../search/courses.index';
import { fromGlobalId, toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { storeCourse, storeEnterprise, storeProvider, storeSeekers } from './factories';
import { startTestPlatform, type TestPlatform, type UserError } from './harness';

const TODAY = todayInChina();
const YEAR = TODAY.slice(0, 4);
const LIAONING = '210000';
const DALIAN = '210200';
const ZHONGSHAN = '210202';
const ROBOTICS = '6-31-07-01';

const ERRORS = 'userErrors { field code message }';
const RECORD = `mutation($input: RecordWorkAgreementInput!) { recordWorkAgreement(input: $input) { workAgreement { id kind startsOn endsOn enterprise { id } } ${ERRORS} } }`;
const ENROLL = `mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { id apprenticeVia apprenticeEmployer { id } } ${ERRORS} } }`;
const CLAIM = `mutation($input: ClaimTrainingSubsidiesInput!) { claimTrainingSubsidies(input: $input) { subsidyClaims { amount toEnterprise toProvider toTrainee lines { kind payee } enterprise { id } } ${ERRORS} } }`;

describe('new apprenticeship (企业新型学徒制): employees, and graduating-year interns of six months or more (000 §(十一))', () => {
  let app: TestPlatform;
  let db: DataSource;
  const as = {} as Record<'counsellor' | 'admin' | 'shenyangCounsellor' | 'provider', string>;
  let provider: string;
  let employer: string;
  let otherEmployer: string;
  let courses = 0;

  /** A year-long apprenticeship class opening later, each on its own dates. */
  const apprenticeshipCourse = async () => {
    const id = await storeCourse(db, { provider, occupation: ROBOTICS, region: ZHONGSHAN, trainingType: 'NEW_APPRENTICESHIP', skillLevel: 'SENIOR', fee: '0.00', startsOn: addDays(TODAY, 10 + 5 * ++courses), endsOn: addDays(TODAY, 300) });
    await db.transaction((manager) => enqueueCourseReindex(manager, [id]));
    return id;
  };
  const seekerGid = (id: string) => toGlobalId('JobSeeker', id);
  const record = async (seekerId: string, input: Record<string, unknown>, token = as.counsellor) => {
    const res = await app.gql(RECORD, { input: { seekerId: seekerGid(seekerId), enterpriseId: toGlobalId('Enterprise', employer), ...input } }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.recordWorkAgreement as { workAgreement: any; userErrors: UserError[] };
  };
  const recorded = async (seekerId: string, input: Record<string, unknown>) => {
    const payload = await record(seekerId, input);
    expect(payload.userErrors).toEqual([]);
    return payload.workAgreement;
  };
  const enrol = async (courseId: string, seekerId: string) => {
    const res = await app.gql(ENROLL, { input: { courseId: toGlobalId('Course', courseId), seekerId: seekerGid(seekerId) } }, { token: as.counsellor });
    expect(res.errors).toBeUndefined();
    return res.data.enrollInCourse as { enrollment: any; userErrors: UserError[] };
  };
  /** A graduating-year bachelor (graduating in two months), or someone without college education. */
  const graduating = async () => (await storeSeekers(db, 1, { region: ZHONGSHAN, education: 'BACHELOR', graduationDate: addDays(TODAY, 60), status: 'STUDENT', groups: [] }))[0];
  const worker = async () => (await storeSeekers(db, 1, { region: ZHONGSHAN, targets: [ROBOTICS] }))[0];
  const seats = async () => (await db.query('SELECT count(*)::int AS n FROM enrollment'))[0].n;

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '工业机器人系统运维员', 6)`, [ROBOTICS]);
    provider = await storeProvider(db, { region: ZHONGSHAN, today: addDays(TODAY, -200) });
    employer = await storeEnterprise(db, { region: ZHONGSHAN, name: '大连测试机器人有限公司' });
    otherEmployer = await storeEnterprise(db, { region: ZHONGSHAN });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: DALIAN });
    as.admin = await app.token(Role.ADMIN, { region: DALIAN });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: '210100' });
    as.provider = await app.token(Role.PROVIDER, { provider });
    const res = await app.gql(`mutation($input: SetSubsidyStandardInput!) { setSubsidyStandard(input: $input) { ${ERRORS} } }`, {
      input: { regionCode: DALIAN, basis: '大连 004 §(四)', kind: 'TRAINING', trainingType: 'NEW_APPRENTICESHIP', amount: '5000.00', unit: 'PER_PERSON_YEAR', effectiveFrom: `${Number(YEAR) - 1}-01-01` },
    }, { token: await app.token(Role.ADMIN, { region: LIAONING }) });
    expect(res.data.setSubsidyStandard.userErrors).toEqual([]);
    await app.settle();
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('files internship agreements and labour contracts for seekers of the region, checked, audited and shown with the seeker', async () => {
    const student = await graduating();
    const internship = await recorded(student, { kind: 'INTERNSHIP', startsOn: addDays(TODAY, -30), endsOn: addDays(TODAY, 160) });
    expect(internship).toMatchObject({ kind: 'INTERNSHIP', startsOn: addDays(TODAY, -30), endsOn: addDays(TODAY, 160), enterprise: { id: toGlobalId('Enterprise', employer) } });
    const [audit] = await db.query(`SELECT actor_role, changes FROM audit_entry WHERE action = 'RECORD_WORK_AGREEMENT' AND entity_id = $1`, [fromGlobalId(internship.id)!.key]);
    expect(audit).toMatchObject({ actor_role: 'COUNSELLOR', changes: { seekerId: student, kind: 'INTERNSHIP', countsAsApprenticeship: true } });

    const refused = async (input: Record<string, unknown>, token = as.counsellor) => (await record(student, input, token)).userErrors.map((e) => [e.field!.join('.'), e.code]);
    expect(await refused({ kind: 'INTERNSHIP', startsOn: TODAY })).toEqual([['input.endsOn', 'INVALID']]);
    expect(await refused({ kind: 'LABOUR_CONTRACT', startsOn: TODAY, endsOn: addDays(TODAY, -1) })).toEqual([['input.endsOn', 'INVALID']]);
    expect(await refused({ kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, 400) })).toEqual([['input.startsOn', 'INVALID']]);
    expect(await refused({ kind: 'INTERNSHIP', startsOn: addDays(TODAY, 100), endsOn: addDays(TODAY, 200) })).toEqual([['input.startsOn', 'DUPLICATE']]);
    expect(await refused({ kind: 'LABOUR_CONTRACT', startsOn: TODAY, enterpriseId: toGlobalId('Enterprise', '999999') })).toEqual([['input.enterpriseId', 'NOT_FOUND']]);
    expect(await refused({ kind: 'LABOUR_CONTRACT', startsOn: TODAY }, as.shenyangCounsellor)).toEqual([['input.seekerId', 'NOT_FOUND']]);
    const asSeeker = await app.gql(RECORD, { input: { seekerId: seekerGid(student), enterpriseId: toGlobalId('Enterprise', employer), kind: 'LABOUR_CONTRACT', startsOn: TODAY } }, { token: await app.token(Role.SEEKER, { seeker: student }) });
    expect(asSeeker.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const seen = await app.gql(`query($id: ID!) { node(id: $id) { ... on JobSeeker { workAgreements { kind startsOn enterprise { id } } } } }`, { id: seekerGid(student) }, { token: await app.token(Role.SEEKER, { seeker: student }) });
    expect(seen.data.node.workAgreements).toEqual([{ kind: 'INTERNSHIP', startsOn: addDays(TODAY, -30), enterprise: null }]);
  });

  it('a contract in force makes the person employed; ending an agreement early ends the apprenticeship it gave', async () => {
    const person = await worker();
    const contract = await recorded(person, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, -10), endsOn: addDays(TODAY, 700) });
    const [status] = await db.query('SELECT employment_status, groups::text[] AS groups FROM job_seeker WHERE id = $1', [person]);
    expect(status).toEqual({ employment_status: 'EMPLOYED', groups: [] });
    const [because] = await db.query(`SELECT changes FROM audit_entry WHERE action = 'UPDATE' AND entity_type = 'JobSeeker' AND entity_id = $1`, [person]);
    expect(because.changes).toMatchObject({ employmentStatus: { from: 'UNEMPLOYED', to: 'EMPLOYED' }, because: { recorded: 'LABOUR_CONTRACT' } });

    const END = `mutation($input: EndWorkAgreementInput!) { endWorkAgreement(input: $input) { workAgreement { id endsOn } ${ERRORS} } }`;
    const end = async (endsOn: string, token = as.counsellor) => (await app.gql(END, { input: { agreementId: contract.id, endsOn } }, { token })).data.endWorkAgreement;
    expect((await end(addDays(TODAY, 701))).userErrors).toMatchObject([{ field: ['input', 'endsOn'], code: 'INVALID' }]);
    expect((await end(addDays(TODAY, -11))).userErrors).toMatchObject([{ field: ['input', 'endsOn'], code: 'INVALID' }]);
    expect((await end(TODAY, as.shenyangCounsellor)).userErrors).toMatchObject([{ field: ['input', 'agreementId'], code: 'NOT_FOUND' }]);
    expect(await end(TODAY)).toEqual({ workAgreement: { id: contract.id, endsOn: TODAY }, userErrors: [] });
    expect((await app.gql(`query($id: ID!) { node(id: $id) { ... on WorkAgreement { endsOn } } }`, { id: contract.id }, { token: as.counsellor })).data.node).toEqual({ endsOn: TODAY });
    const refused = await enrol(await apprenticeshipCourse(), person);
    expect(refused.userErrors).toMatchObject([{ field: ['input', 'seekerId'], code: 'NOT_ELIGIBLE' }]);
  });

  it("takes an enterprise's employee or a graduating-year intern of six months onto an apprenticeship course, and nobody else", async () => {
    const courseId = await apprenticeshipCourse();
    const [employee, intern, shortIntern, stranger] = [await worker(), await graduating(), await graduating(), await worker()];
    await recorded(employee, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, -300) });
    await recorded(intern, { kind: 'INTERNSHIP', startsOn: addDays(TODAY, -30), endsOn: addDays(TODAY, 160) });
    await recorded(shortIntern, { kind: 'INTERNSHIP', startsOn: addDays(TODAY, -30), endsOn: addDays(TODAY, 120) });
    await record(stranger, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, -300), endsOn: addDays(TODAY, -1), enterpriseId: toGlobalId('Enterprise', otherEmployer) });

    const before = await seats();
    for (const person of [shortIntern, stranger]) {
      const res = await enrol(courseId, person);
      expect(res.userErrors).toEqual([{ field: ['input', 'seekerId'], code: 'NOT_ELIGIBLE', message: expect.stringContaining('new apprenticeship (企业新型学徒制)') }]);
    }
    expect(await seats()).toBe(before);
    expect((await enrol(courseId, employee)).enrollment).toMatchObject({ apprenticeVia: 'LABOUR_CONTRACT', apprenticeEmployer: { id: toGlobalId('Enterprise', employer) } });
    expect((await enrol(courseId, intern)).enrollment).toMatchObject({ apprenticeVia: 'INTERNSHIP', apprenticeEmployer: { id: toGlobalId('Enterprise', employer) } });
    const [audit] = await db.query(`SELECT changes FROM audit_entry WHERE action = 'ENROLL' AND changes->>'seekerId' = $1`, [intern]);
    expect(audit.changes).toMatchObject({ apprenticeEmployerId: employer, apprenticeVia: 'INTERNSHIP' });
  });

  it('proposes apprenticeship courses in matches only to people who are an enterprise apprentice on their first day', async () => {
    const courseId = await apprenticeshipCourse();
    await app.settle();
    const [employee, stranger] = [await worker(), await worker()];
    await recorded(employee, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, -300) });
    const MATCHES = `query($seekerId: ID!) { courseMatches(seekerId: $seekerId, first: 20) { nodes { course { id } } } }`;
    const proposed = async (seekerId: string) => {
      const res = await app.gql(MATCHES, { seekerId: seekerGid(seekerId) }, { token: as.counsellor });
      expect(res.errors).toBeUndefined();
      return res.data.courseMatches.nodes.map((n: any) => n.course.id);
    };
    expect(await proposed(employee)).toContain(toGlobalId('Course', courseId));
    expect(await proposed(stranger)).not.toContain(toGlobalId('Course', courseId));
    const CANDIDATES = `query($courseId: ID!) { candidatesForCourse(courseId: $courseId, first: 50) { nodes { jobSeeker { id } } } }`;
    const candidates = (await app.gql(CANDIDATES, { courseId: toGlobalId('Course', courseId) }, { token: as.counsellor })).data.candidatesForCourse.nodes.map((n: any) => n.jobSeeker.id);
    expect(candidates).toContain(seekerGid(employee));
    expect(candidates).not.toContain(seekerGid(stranger));
  });

  it("pays the training subsidy to the enterprise; an intern's once a contract of a year or more has begun after graduation", async () => {
    const courseId = await apprenticeshipCourse();
    const [employee, intern] = [await worker(), await graduating()];
    await recorded(employee, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, -300) });
    await recorded(intern, { kind: 'INTERNSHIP', startsOn: addDays(TODAY, -30), endsOn: addDays(TODAY, 160) });
    const employeeSeat = (await enrol(courseId, employee)).enrollment.id;
    const internSeat = (await enrol(courseId, intern)).enrollment.id;
    // Time passes: the class ran, and the intern graduated.
    await db.query('UPDATE course SET starts_on = $2, ends_on = $3 WHERE id = $1', [courseId, addDays(TODAY, -200), addDays(TODAY, -5)]);
    await db.query('UPDATE job_seeker SET graduation_date = $2 WHERE id = $1', [intern, addDays(TODAY, -60)]);
    for (const seat of [employeeSeat, internSeat]) {
      const res = await app.gql(`mutation($input: ReportTrainingCompletionInput!) { reportTrainingCompletion(input: $input) { ${ERRORS} } }`,
        { input: { enrollmentId: seat, completion: 'COMPLETED', finishedOn: addDays(TODAY, -5) } }, { token: as.provider });
      expect(res.data.reportTrainingCompletion.userErrors).toEqual([]);
    }
    const claim = async (seat: string) => (await app.gql(CLAIM, { input: { enrollmentIds: [seat] } }, { token: as.provider })).data.claimTrainingSubsidies;

    expect(await claim(employeeSeat)).toMatchObject({
      subsidyClaims: [{ amount: '5000.00', toEnterprise: '5000.00', toProvider: '0.00', toTrainee: '0.00', lines: [{ kind: 'BASE', payee: 'ENTERPRISE' }], enterprise: null }],
      userErrors: [],
    });
    const waiting = await claim(internSeat);
    expect(waiting.userErrors).toEqual([{ field: ['input', 'enrollmentIds', '0'], code: 'NOT_CLAIMABLE', message: expect.stringContaining("an intern's apprenticeship is subsidised from their first day on a labour contract") }]);
    // A contract for less than a year, one with another enterprise, or one not yet begun does not start it.
    await recorded(intern, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, -50), endsOn: addDays(TODAY, 200) });
    await recorded(intern, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, 300), enterpriseId: toGlobalId('Enterprise', otherEmployer) });
    expect((await claim(internSeat)).userErrors).toMatchObject([{ code: 'NOT_CLAIMABLE' }]);
    await recorded(intern, { kind: 'LABOUR_CONTRACT', startsOn: addDays(TODAY, 201) });
    expect((await claim(internSeat)).userErrors).toMatchObject([{ code: 'NOT_CLAIMABLE' }]);
    await db.query(`UPDATE work_agreement SET starts_on = $2 WHERE seeker_id = $1 AND starts_on = $3`, [intern, addDays(TODAY, -1), addDays(TODAY, 201)]);
    expect(await claim(internSeat)).toMatchObject({ subsidyClaims: [{ toEnterprise: '5000.00', lines: [{ payee: 'ENTERPRISE' }] }], userErrors: [] });

    // The bureau reads the enterprise it pays, and the sums per payee.
    const LIST = `query($courseId: ID!) { subsidyClaims(filter: { courseId: $courseId }) { totalCount amount toEnterprise nodes { enterprise { id } } } }`;
    const list = (await app.gql(LIST, { courseId: toGlobalId('Course', courseId) }, { token: as.admin })).data.subsidyClaims;
    expect(list).toMatchObject({ totalCount: 2, amount: '10000.00', toEnterprise: '10000.00' });
    expect(list.nodes.every((n: any) => n.enterprise.id === toGlobalId('Enterprise', employer))).toBe(true);
    // The enterprise follows what it is paid for its apprentices; another sees nothing of it.
    const asEnterprise = async (enterpriseId: string) => (await app.gql(LIST, { courseId: toGlobalId('Course', courseId) }, { token: await app.token(Role.ENTERPRISE, { enterprise: enterpriseId }) })).data.subsidyClaims;
    expect(await asEnterprise(employer)).toMatchObject({ totalCount: 2, toEnterprise: '10000.00' });
    expect(await asEnterprise(otherEmployer)).toMatchObject({ totalCount: 0, amount: '0.00' });
  });
});

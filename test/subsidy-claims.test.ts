import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { addDays } from '../domain/supply/subsidy-quote';
import { fromGlobalId, toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { storeCourse, storeProvider, storeSeekers } from './factories';
import { startTestPlatform, type TestPlatform, type UserError } from './harness';

const TODAY = todayInChina();
const YEAR = TODAY.slice(0, 4);
const LIAONING = '210000';
const DALIAN = '210200';
const ZHONGSHAN = '210202';
const SHENYANG = '210100';
const CARE = '4-10-01-05';

const ERRORS = 'userErrors { field code message }';
const CLAIM_FIELDS = 'id status amount toProvider toTrainee lines { kind amount payee } reviewNote risksAcknowledged paidOn paymentReference enrollment { id } course { id } provider { id }';
const CLAIM = `mutation($input: ClaimTrainingSubsidiesInput!) { claimTrainingSubsidies(input: $input) { subsidyClaims { ${CLAIM_FIELDS} } ${ERRORS} } }`;
const REVIEW = `mutation($input: ReviewSubsidyClaimInput!) { reviewSubsidyClaim(input: $input) { subsidyClaim { ${CLAIM_FIELDS} } ${ERRORS} } }`;
const PAY = `mutation($input: RecordSubsidyPaymentInput!) { recordSubsidyPayment(input: $input) { subsidyClaims { ${CLAIM_FIELDS} } ${ERRORS} } }`;
const COMPLETION = `mutation($input: ReportTrainingCompletionInput!) { reportTrainingCompletion(input: $input) { enrollment { id } ${ERRORS} } }`;
const LIST = `query($filter: SubsidyClaimFilter, $first: Int) { subsidyClaims(filter: $filter, first: $first) { totalCount amount toProvider toTrainee nodes { id status amount } } }`;

interface Claim {
  id: string;
  status: string;
  amount: string;
  toProvider: string;
  toTrainee: string;
  lines: { kind: string; amount: string; payee: string }[];
  reviewNote: string | null;
  risksAcknowledged: string[];
  paidOn: string | null;
  paymentReference: string | null;
}

describe('subsidy claims: what completed seats earned, reviewed and paid by the bureau (补贴申领与拨付)', () => {
  let app: TestPlatform;
  let db: DataSource;
  const as = {} as Record<'provider' | 'otherProvider' | 'admin' | 'province' | 'shenyangAdmin' | 'counsellor', string>;
  let provider: string;
  let otherProvider: string;
  let courses = 0;

  /** A course that opens later (so seats can be taken) on its own dates, so one seeker's seats never overlap. */
  const course = (owner = provider) => storeCourse(db, { provider: owner, occupation: CARE, region: ZHONGSHAN, startsOn: addDays(TODAY, 20 + 20 * ++courses) });
  /** Time passes: the course ran from 25 to 10 days ago, while its provider was admitted. */
  const ran = (courseId: string) => db.query('UPDATE course SET starts_on = $2, ends_on = $3 WHERE id = $1', [courseId, addDays(TODAY, -25), addDays(TODAY, -10)]);
  const gql = async <T>(query: string, input: Record<string, unknown>, token: string, field: string): Promise<T> => {
    const res = await app.gql(query, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data[field] as T;
  };
  const enrol = async (courseId: string, seekerId: string, voucherId?: string) => {
    const input = { courseId: toGlobalId('Course', courseId), seekerId: toGlobalId('JobSeeker', seekerId), voucherId };
    const payload = await gql<{ enrollment: { id: string }; userErrors: UserError[] }>(`mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { id } ${ERRORS} } }`, input, as.counsellor, 'enrollInCourse');
    expect(payload.userErrors).toEqual([]);
    return payload.enrollment.id;
  };
  const report = async (enrollmentId: string, input: Record<string, unknown> = {}, token = as.provider) =>
    gql<{ userErrors: UserError[] }>(COMPLETION, { enrollmentId, completion: 'COMPLETED', finishedOn: addDays(TODAY, -10), ...input }, token, 'reportTrainingCompletion');
  const claim = (enrollmentIds: string[], token = as.provider) => gql<{ subsidyClaims: Claim[] | null; userErrors: UserError[] }>(CLAIM, { enrollmentIds }, token, 'claimTrainingSubsidies');
  const claimed = async (enrollmentIds: string[], token = as.provider) => {
    const payload = await claim(enrollmentIds, token);
    expect(payload.userErrors).toEqual([]);
    return payload.subsidyClaims!;
  };
  const review = (input: Record<string, unknown>, token = as.admin) => gql<{ subsidyClaim: Claim | null; userErrors: UserError[] }>(REVIEW, input, token, 'reviewSubsidyClaim');
  const pay = (input: Record<string, unknown>, token = as.admin) => gql<{ subsidyClaims: Claim[] | null; userErrors: UserError[] }>(PAY, input, token, 'recordSubsidyPayment');
  /** A seat on a course that ran, completed (with the course's certificate unless told otherwise). */
  const completedSeat = async (seekerId: string, options: { certificate?: boolean; courseId?: string } = {}) => {
    const courseId = options.courseId ?? (await course());
    const seat = await enrol(courseId, seekerId);
    await ran(courseId);
    const certificate = options.certificate === false ? {} : { certificateLevel: 'JUNIOR', certificateNumber: `C${seat.slice(-12)}` };
    expect((await report(seat, certificate)).userErrors).toEqual([]);
    return seat;
  };
  const seeker = async () => (await storeSeekers(db, 1, { region: ZHONGSHAN }))[0];
  /** Everything claiming, reviewing, paying or reporting writes; a refusal leaves all of it as it was. */
  const writes = async () =>
    (
      await db.query(
        `SELECT (SELECT md5(coalesce(string_agg(concat_ws(',', id, status, amount, reviewed_at, paid_on), ';' ORDER BY id), '')) FROM subsidy_claim) AS claims,
                (SELECT md5(coalesce(string_agg(concat_ws(',', id, completion, finished_on, certificate_level), ';' ORDER BY id), '')) FROM enrollment) AS seats,
                (SELECT count(*) FROM audit_entry)::int AS audit`,
      )
    )[0];

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '养老护理员', 4)`, [CARE]);
    provider = await storeProvider(db, { region: ZHONGSHAN, today: TODAY });
    otherProvider = await storeProvider(db, { region: ZHONGSHAN, today: TODAY });
    as.provider = await app.token(Role.PROVIDER, { provider });
    as.otherProvider = await app.token(Role.PROVIDER, { provider: otherProvider });
    as.admin = await app.token(Role.ADMIN, { region: DALIAN });
    as.province = await app.token(Role.ADMIN, { region: LIAONING });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: SHENYANG });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: DALIAN });
    const standard = (input: Record<string, unknown>) => gql<{ userErrors: UserError[] }>(
      `mutation($input: SetSubsidyStandardInput!) { setSubsidyStandard(input: $input) { ${ERRORS} } }`,
      { regionCode: LIAONING, basis: '测试标准', unit: 'PER_PERSON', effectiveFrom: `${Number(YEAR) - 1}-01-01`, ...input },
      as.province,
      'setSubsidyStandard',
    );
    expect((await standard({ kind: 'TRAINING', amount: '1000.00' })).userErrors).toEqual([]);
    expect((await standard({ kind: 'GROUP_SUPPLEMENT', seekerGroup: 'UNEMPLOYED', amount: '300.00' })).userErrors).toEqual([]);
    expect((await standard({ kind: 'CERTIFICATE', skillLevel: 'JUNIOR', amount: '500.00' })).userErrors).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('claims what each completed seat earned: training subsidy to the provider for a voucher seat, else to the trainee; the certificate subsidy once certified; each line once', async () => {
    const [withVoucher, without] = [await seeker(), await seeker()];
    const issued = await gql<{ trainingVouchers: { id: string }[]; userErrors: UserError[] }>(
      `mutation($input: IssueTrainingVouchersInput!) { issueTrainingVouchers(input: $input) { trainingVouchers { id } ${ERRORS} } }`,
      { seekerIds: [toGlobalId('JobSeeker', withVoucher)], occupationCode: CARE, validUntil: addDays(TODAY, 90) },
      as.counsellor,
      'issueTrainingVouchers',
    );
    expect(issued.userErrors).toEqual([]);
    const courseId = await course();
    const voucherSeat = await enrol(courseId, withVoucher, issued.trainingVouchers[0].id);
    const plainSeat = await enrol(courseId, without);
    await ran(courseId);
    expect((await report(voucherSeat)).userErrors).toEqual([]);
    expect((await report(plainSeat, { certificateLevel: 'JUNIOR', certificateNumber: 'CERT-P-1' })).userErrors).toEqual([]);

    const [first, second] = await claimed([voucherSeat, plainSeat]);
    expect(first).toMatchObject({
      status: 'SUBMITTED',
      amount: '1300.00',
      toProvider: '1000.00',
      toTrainee: '300.00',
      lines: [
        { kind: 'BASE', amount: '1000.00', payee: 'PROVIDER' },
        { kind: 'GROUP_SUPPLEMENT', amount: '300.00', payee: 'TRAINEE' },
      ],
      enrollment: { id: voucherSeat },
      course: { id: toGlobalId('Course', courseId) },
      provider: { id: toGlobalId('Provider', provider) },
    });
    expect(second).toMatchObject({
      amount: '1800.00',
      toProvider: '0.00',
      toTrainee: '1800.00',
      lines: [
        { kind: 'BASE', amount: '1000.00', payee: 'TRAINEE' },
        { kind: 'GROUP_SUPPLEMENT', amount: '300.00', payee: 'TRAINEE' },
        { kind: 'CERTIFICATE', amount: '500.00', payee: 'TRAINEE' },
      ],
    });
    const audit = await db.query(`SELECT actor_role, changes FROM audit_entry WHERE action = 'CLAIM_SUBSIDY' AND changes->>'enrollmentId' = ANY($1) ORDER BY id`, [[voucherSeat, plainSeat].map(gidKey)]);
    expect(audit.map((a: any) => [a.actor_role, a.changes.amount])).toEqual([['PROVIDER', '1300.00'], ['PROVIDER', '1800.00']]);

    // Nothing more is due until the certificate is reported; the outcome the claim rests on stands.
    const before = await writes();
    const again = await claim([voucherSeat]);
    expect(again.userErrors).toEqual([{ field: ['input', 'enrollmentIds', '0'], code: 'ALREADY_CLAIMED', message: expect.stringContaining('the certificate subsidy falls due with a 五级/初级工 certificate, and none is reported') }]);
    const moved = await report(voucherSeat, { finishedOn: addDays(TODAY, -9) });
    expect(moved.userErrors).toMatchObject([{ field: ['input', 'enrollmentId'], code: 'CLAIMED' }]);
    expect(await writes()).toEqual(before);

    expect((await report(voucherSeat, { certificateLevel: 'JUNIOR', certificateNumber: 'CERT-V-1' })).userErrors).toEqual([]);
    const [certificate] = await claimed([voucherSeat]);
    expect(certificate).toMatchObject({ amount: '500.00', toProvider: '0.00', toTrainee: '500.00', lines: [{ kind: 'CERTIFICATE', payee: 'TRAINEE' }] });
    const changed = await report(voucherSeat, { certificateLevel: 'JUNIOR', certificateNumber: 'CERT-V-2' });
    expect(changed.userErrors).toMatchObject([{ code: 'CLAIMED' }]);

    // The seat shows its claims to those who may read it.
    const SEAT = `query($id: ID!) { node(id: $id) { ... on Enrollment { subsidyClaims { amount status } } } }`;
    const seen = await app.gql(SEAT, { id: voucherSeat }, { token: as.provider });
    expect(seen.data.node.subsidyClaims).toEqual([{ amount: '1300.00', status: 'SUBMITTED' }, { amount: '500.00', status: 'SUBMITTED' }]);
  });

  it('refuses, all or none and per seat: seats not completed, dropped out, of another provider, named twice, or of a provider suspended since', async () => {
    const people = await storeSeekers(db, 5, { region: ZHONGSHAN });
    const good = await completedSeat(people[0]);
    const notReportedCourse = await course();
    const notReported = await enrol(notReportedCourse, people[1]);
    await ran(notReportedCourse);
    const droppedCourse = await course();
    const dropped = await enrol(droppedCourse, people[2]);
    await ran(droppedCourse);
    expect((await report(dropped, { completion: 'DROPPED_OUT', finishedOn: addDays(TODAY, -15) })).userErrors).toEqual([]);
    const othersCourse = await course(otherProvider);
    const foreign = await enrol(othersCourse, people[3]);
    await ran(othersCourse);
    expect((await report(foreign, {}, as.otherProvider)).userErrors).toEqual([]);

    const before = await writes();
    const refused = await claim([good, notReported, dropped, foreign, good]);
    expect(refused.subsidyClaims).toBeNull();
    expect(refused.userErrors.map((e) => [e.field!.join('.'), e.code])).toEqual([
      ['input.enrollmentIds.4', 'INVALID'],
      ['input.enrollmentIds.1', 'NOT_CLAIMABLE'],
      ['input.enrollmentIds.2', 'NOT_CLAIMABLE'],
      ['input.enrollmentIds.3', 'NOT_FOUND'],
    ]);
    expect(refused.userErrors[1].message).toContain('no completion is reported');
    expect(refused.userErrors[2].message).toContain(`dropped out on ${addDays(TODAY, -15)}`);
    expect(await writes()).toEqual(before);

    // A provider suspended for misconduct while its course ran gets nothing for it.
    await db.query('UPDATE provider_admission SET suspended_on = $2, suspension_reason = $3 WHERE provider_id = $1', [otherProvider, addDays(TODAY, -20), '虚假培训']);
    try {
      const suspended = await claim([foreign], as.otherProvider);
      expect(suspended.userErrors).toEqual([{ field: ['input', 'enrollmentIds', '0'], code: 'NOT_ADMITTED', message: expect.stringContaining('暂停补贴资格：虚假培训') }]);
    } finally {
      await db.query('UPDATE provider_admission SET suspended_on = NULL, suspension_reason = NULL WHERE provider_id = $1', [otherProvider]);
    }
    expect(await writes()).toEqual(before);
    // A counsellor does not claim; the bureau of another city cannot see the seat.
    expect((await app.gql(CLAIM, { input: { enrollmentIds: [good] } }, { token: as.counsellor })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await claim([good], as.shenyangAdmin)).userErrors).toMatchObject([{ code: 'NOT_FOUND' }]);
    // The bureau of the course's city may claim for a trainee.
    expect((await claimed([good], as.admin))[0]).toMatchObject({ status: 'SUBMITTED', amount: '1800.00' });
  });

  it('the bureau approves after checking risk signals, or rejects with a reason (the lines can then be claimed again), and pays approved claims in a batch', async () => {
    const twice = await seeker();
    // The same person subsidised twice for one occupation and level: a REPEATED_SUBSIDY signal on both seats.
    const [a, b] = [await completedSeat(twice, { certificate: false }), await completedSeat(twice, { certificate: false })];
    const [claimA, claimB] = await claimed([a, b]);
    const before = await writes();

    const unchecked = await review({ claimId: claimA.id, decision: 'APPROVE' });
    expect(unchecked.userErrors).toEqual([{ field: ['input', 'acknowledgeRisks'], code: 'RISK_SIGNALS', message: expect.stringContaining('同一人同一职业同一等级重复享受培训补贴') }]);
    const unexplained = await review({ claimId: claimA.id, decision: 'APPROVE', acknowledgeRisks: true });
    expect(unexplained.userErrors).toMatchObject([{ field: ['input', 'note'], code: 'INVALID' }]);
    const noReason = await review({ claimId: claimB.id, decision: 'REJECT', note: '  ' });
    expect(noReason.userErrors).toMatchObject([{ field: ['input', 'note'], code: 'INVALID' }]);
    expect((await review({ claimId: claimA.id, decision: 'APPROVE' }, as.shenyangAdmin)).userErrors).toMatchObject([{ field: ['input', 'claimId'], code: 'NOT_FOUND' }]);
    expect((await app.gql(REVIEW, { input: { claimId: claimA.id, decision: 'APPROVE' } }, { token: as.provider })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await writes()).toEqual(before);

    const approved = await review({ claimId: claimA.id, decision: 'APPROVE', acknowledgeRisks: true, note: '两期课程内容不同，经核实为两次真实参训' });
    expect(approved).toMatchObject({ subsidyClaim: { status: 'APPROVED', risksAcknowledged: ['REPEATED_SUBSIDY'] }, userErrors: [] });
    // What supervision found, and why it was set aside, stays with the bureau; a rejection's reason is for all.
    const CLAIM_NODE = `query($id: ID!) { node(id: $id) { ... on SubsidyClaim { status reviewNote risksAcknowledged } } }`;
    expect((await app.gql(CLAIM_NODE, { id: claimA.id }, { token: as.provider })).data.node).toEqual({ status: 'APPROVED', reviewNote: null, risksAcknowledged: [] });
    const rejected = await review({ claimId: claimB.id, decision: 'REJECT', note: '同一等级重复参训，不予补贴' }, as.province);
    expect(rejected).toMatchObject({ subsidyClaim: { status: 'REJECTED', reviewNote: '同一等级重复参训，不予补贴' }, userErrors: [] });
    expect((await review({ claimId: claimA.id, decision: 'REJECT', note: '重复' })).userErrors).toMatchObject([{ code: 'NOT_SUBMITTED' }]);
    expect((await app.gql(CLAIM_NODE, { id: claimB.id }, { token: await app.token(Role.SEEKER, { seeker: twice }) })).data.node).toMatchObject({ reviewNote: '同一等级重复参训，不予补贴' });
    expect((await app.gql(CLAIM_NODE, { id: claimB.id }, { token: as.otherProvider })).data.node).toBeNull();
    const [reviewAudit] = await db.query(`SELECT changes FROM audit_entry WHERE action = 'REVIEW_SUBSIDY_CLAIM' AND entity_id = $1`, [gidKey(claimB.id)]);
    expect(reviewAudit.changes).toEqual({ enrollmentId: gidKey(b), status: { from: 'SUBMITTED', to: 'REJECTED' }, noted: true });
    // A rejected claim holds no line: the seat can be claimed again once corrected.
    const [reclaimed] = await claimed([b]);
    expect(reclaimed).toMatchObject({ status: 'SUBMITTED', amount: '1300.00' });

    // Payment: only approved claims, not in the future, all or none.
    const beforePay = await writes();
    const mixed = await pay({ claimIds: [claimA.id, reclaimed.id], paidOn: TODAY, paymentReference: 'BATCH-1' });
    expect(mixed.userErrors).toMatchObject([{ field: ['input', 'claimIds', '1'], code: 'NOT_APPROVED' }]);
    const future = await pay({ claimIds: [claimA.id], paidOn: addDays(TODAY, 1), paymentReference: 'BATCH-1' });
    expect(future.userErrors).toMatchObject([{ field: ['input', 'paidOn'], code: 'INVALID' }]);
    expect(await writes()).toEqual(beforePay);
    const paid = await pay({ claimIds: [claimA.id], paidOn: TODAY, paymentReference: 'BATCH-1' });
    expect(paid).toMatchObject({ subsidyClaims: [{ status: 'PAID', paidOn: TODAY, paymentReference: 'BATCH-1' }], userErrors: [] });
    expect((await pay({ claimIds: [claimA.id], paidOn: TODAY, paymentReference: 'BATCH-2' })).userErrors).toMatchObject([{ code: 'NOT_APPROVED' }]);

    // The bureau's lists add up, and the indicators count what was paid in the period.
    const list = async (filter: Record<string, unknown>, token = as.admin) => (await app.gql(LIST, { filter }, { token })).data.subsidyClaims;
    expect(await list({ status: 'PAID', seekerId: toGlobalId('JobSeeker', twice) })).toMatchObject({ totalCount: 1, amount: '1300.00', toTrainee: '1300.00', nodes: [{ id: claimA.id }] });
    expect((await list({ seekerId: toGlobalId('JobSeeker', twice) })).totalCount).toBe(3);
    expect(await list({ paymentReference: 'BATCH-1' })).toMatchObject({ totalCount: 1, amount: '1300.00', nodes: [{ id: claimA.id, status: 'PAID' }] });
    expect((await list({ seekerId: toGlobalId('JobSeeker', twice) }, as.shenyangAdmin)).totalCount).toBe(0);
    expect((await list({ seekerId: toGlobalId('JobSeeker', twice) }, as.otherProvider)).totalCount).toBe(0);
    const own = await list({}, await app.token(Role.SEEKER, { seeker: twice }));
    expect(own.nodes.map((n: any) => n.id).sort()).toEqual([claimA.id, claimB.id, reclaimed.id].sort());
    const [{ paid: paidInDalian }] = await db.query(`SELECT sum(amount)::numeric(14, 2)::text AS paid FROM subsidy_claim WHERE status = 'PAID' AND region_code LIKE '2102%'`);
    const indicators = await app.gql(`query { trainingIndicators(regionCode: "${DALIAN}", from: "${YEAR}-01-01", until: "${YEAR}-12-31") { subsidyPaid } }`, {}, { token: as.admin });
    expect(indicators.data.trainingIndicators.subsidyPaid).toBe(paidInDalian);
    expect(Number(paidInDalian)).toBeGreaterThanOrEqual(1300);
  });

  it("keeps the person's lifelong training record: trainings held, certificates, subsidy paid; as many statements for a page of 10 seekers as of 100", async () => {
    const person = await seeker();
    const certified = await completedSeat(person);
    const plain = await completedSeat(person, { certificate: false });
    const givenBack = await enrol(await course(), person);
    const withdrawn = await gql<{ userErrors: UserError[] }>(`mutation($input: WithdrawEnrollmentInput!) { withdrawEnrollment(input: $input) { ${ERRORS} } }`, { enrollmentId: givenBack }, as.counsellor, 'withdrawEnrollment');
    expect(withdrawn.userErrors).toEqual([]);
    const [paidClaim, waitingClaim] = await claimed([certified, plain]);
    expect((await review({ claimId: paidClaim.id, decision: 'APPROVE', acknowledgeRisks: true, note: '两期不同课程，已核实' })).userErrors).toEqual([]);
    expect((await pay({ claimIds: [paidClaim.id], paidOn: TODAY, paymentReference: 'BATCH-R' })).userErrors).toEqual([]);
    expect(waitingClaim.status).toBe('SUBMITTED');

    const RECORD = `query($id: ID!) { node(id: $id) { ... on JobSeeker { trainingRecord {
      trainings { id outcome { completion } } completed subsidyReceived subsidyPaidOnTrainings
      certificates { level number obtainedOn enrollment { id course { occupation { name } } } } } } } }`;
    const record = async (token: string) => {
      const res = await app.gql(RECORD, { id: toGlobalId('JobSeeker', person) }, { token });
      expect(res.errors).toBeUndefined();
      return res.data.node.trainingRecord;
    };
    const own = await record(await app.token(Role.SEEKER, { seeker: person }));
    expect(own).toEqual({
      trainings: [{ id: certified, outcome: { completion: 'COMPLETED' } }, { id: plain, outcome: { completion: 'COMPLETED' } }],
      completed: 2,
      subsidyReceived: '1800.00',
      subsidyPaidOnTrainings: '1800.00',
      certificates: [{ level: 'JUNIOR', number: `C${certified.slice(-12)}`, obtainedOn: addDays(TODAY, -10), enrollment: { id: certified, course: { occupation: { name: '养老护理员' } } } }],
    });
    expect(await record(as.counsellor)).toEqual(own);

    const PAGE = `query($first: Int) { jobSeekers(first: $first) { nodes { id trainingRecord { completed subsidyReceived trainings { id } certificates { level } } } } }`;
    const statements = async (first: number) => {
      const res = await app.gql(PAGE, { first }, { token: as.counsellor });
      expect(res.errors).toBeUndefined();
      return res.extensions!.sqlQueries!;
    };
    expect(await statements(10)).toBe(await statements(100));
  });

  it('pays each line once under concurrency: ten simultaneous claims for one seat leave exactly one claim', async () => {
    const seat = await completedSeat(await seeker());
    const results = await Promise.all(Array.from({ length: 10 }, () => claim([seat])));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.userErrors[0]?.code === 'ALREADY_CLAIMED')).toHaveLength(9);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM subsidy_claim WHERE enrollment_id = $1', [gidKey(seat)]);
    expect(n).toBe(1);
  });

  it('a page of seats with their claims costs the same SQL for 10 as for 100', async () => {
    const courseId = await course();
    const people = await storeSeekers(db, 12, { region: ZHONGSHAN });
    const seats: string[] = [];
    for (const person of people) seats.push(await enrol(courseId, person));
    await ran(courseId);
    for (const seat of seats) expect((await report(seat, { certificateLevel: 'JUNIOR', certificateNumber: `P${seat.slice(-12)}` })).userErrors).toEqual([]);
    await claimed(seats);
    const courseGid = toGlobalId('Course', courseId);
    const roster = `query($first: Int) { enrollments(filter: { courseId: "${courseGid}" }, first: $first) { nodes { id subsidyClaims { amount status } } } }`;
    const plain = `query($first: Int) { enrollments(filter: { courseId: "${courseGid}" }, first: $first) { nodes { id } } }`;
    const sql = async (query: string, first: number) => (await app.gql(query, { first }, { token: as.provider })).extensions!.sqlQueries!;
    const large = await app.gql(roster, { first: 100 }, { token: as.provider });
    expect(large.errors).toBeUndefined();
    expect(large.data.enrollments.nodes.every((n: any) => n.subsidyClaims.length === 1 && n.subsidyClaims[0].amount === '1800.00')).toBe(true);
    expect((await sql(roster, 10)) - (await sql(plain, 10))).toBe((await sql(roster, 100)) - (await sql(plain, 100)));

    // The bureau's list with each claim's seat, course and provider: as many statements for 10 claims as for all.
    const claims = `query($first: Int) { subsidyClaims(filter: { courseId: "${courseGid}" }, first: $first) { totalCount nodes { id enrollment { id } course { id } provider { id } } } }`;
    const page = await app.gql(claims, { first: 100 }, { token: as.admin });
    expect(page.data.subsidyClaims.totalCount).toBe(12);
    expect(page.data.subsidyClaims.nodes.every((n: any) => n.course.id === courseGid && n.provider.id === toGlobalId('Provider', provider) && n.enrollment)).toBe(true);
    const statements = async (first: number) => (await app.gql(claims, { first }, { token: as.admin })).extensions!.sqlQueries!;
    expect(await statements(10)).toBe(await statements(100));
  });
});

const gidKey = (id: string) => fromGlobalId(id)!.key;

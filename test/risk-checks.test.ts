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
const ZHONGSHAN = '210202';
const CARE = '4-10-01-05';
const ERRORS = 'userErrors { field code message }';
const CLAIM_FIELDS = 'id status amount reviewNote recoveryStatus recoveredOn recoveryReference enrollment { id }';
const SIGNALS = `query($checked: Boolean) {
  subsidyRiskSignals(regionCode: "210200", kinds: [REPEATED_SUBSIDY], checked: $checked) {
    totalCount
    nodes { kind enrollments { id } check { id finding note checkedBy enrollments { id } misusedEnrollments { id } } }
  }
}`;
const CHECK = `mutation($input: RecordRiskCheckInput!) {
  recordRiskCheck(input: $input) {
    riskCheck { id kind finding note misusedEnrollments { id } }
    stoppedClaims { ${CLAIM_FIELDS} }
    recoveriesDue { ${CLAIM_FIELDS} }
    ${ERRORS}
  }
}`;
const RECOVER = `mutation($input: RecordSubsidyRecoveryInput!) { recordSubsidyRecovery(input: $input) { subsidyClaims { ${CLAIM_FIELDS} } ${ERRORS} } }`;

interface Claim {
  id: string;
  status: string;
  amount: string;
  reviewNote: string | null;
  recoveryStatus: string | null;
  recoveredOn: string | null;
  recoveryReference: string | null;
}
interface CheckPayload {
  riskCheck: { id: string; finding: string; misusedEnrollments: { id: string }[] } | null;
  stoppedClaims: Claim[] | null;
  recoveriesDue: Claim[] | null;
  userErrors: UserError[];
}

describe('supervision checks: a bureau records what checking a signal found, and a confirmed misuse stops and recovers the money (核查与追回)', () => {
  let app: TestPlatform;
  let db: DataSource;
  let provider: string;
  let courses = 0;
  const as = {} as Record<'admin' | 'province' | 'shenyangAdmin' | 'provider' | 'counsellor', string>;

  const gql = async <T>(query: string, variables: Record<string, unknown>, token: string, field: string): Promise<T> => {
    const res = await app.gql(query, variables, { token });
    expect(res.errors).toBeUndefined();
    return res.data[field] as T;
  };
  const ok = <T extends { userErrors: UserError[] }>(payload: T): T => {
    expect(payload.userErrors).toEqual([]);
    return payload;
  };
  /** A seat on a course of its own that ran 25 to 10 days ago and that the trainee completed. */
  const completedSeat = async (seekerId: string) => {
    const courseId = await storeCourse(db, { provider, occupation: CARE, region: ZHONGSHAN, startsOn: addDays(TODAY, 20 + 20 * ++courses) });
    const enrolled = ok(await gql<{ enrollment: { id: string }; userErrors: UserError[] }>(
      `mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { id } ${ERRORS} } }`,
      { input: { courseId: toGlobalId('Course', courseId), seekerId: toGlobalId('JobSeeker', seekerId) } }, as.counsellor, 'enrollInCourse'));
    await db.query('UPDATE course SET starts_on = $2, ends_on = $3 WHERE id = $1', [courseId, addDays(TODAY, -25), addDays(TODAY, -10)]);
    ok(await gql<{ userErrors: UserError[] }>(`mutation($input: ReportTrainingCompletionInput!) { reportTrainingCompletion(input: $input) { ${ERRORS} } }`,
      { input: { enrollmentId: enrolled.enrollment.id, completion: 'COMPLETED', finishedOn: addDays(TODAY, -10) } }, as.provider, 'reportTrainingCompletion'));
    return enrolled.enrollment.id;
  };
  const claim = (enrollmentIds: string[]) =>
    gql<{ subsidyClaims: Claim[] | null; userErrors: UserError[] }>(`mutation($input: ClaimTrainingSubsidiesInput!) { claimTrainingSubsidies(input: $input) { subsidyClaims { ${CLAIM_FIELDS} } ${ERRORS} } }`,
      { input: { enrollmentIds } }, as.provider, 'claimTrainingSubsidies');
  const review = (input: Record<string, unknown>) =>
    gql<{ subsidyClaim: Claim | null; userErrors: UserError[] }>(`mutation($input: ReviewSubsidyClaimInput!) { reviewSubsidyClaim(input: $input) { subsidyClaim { ${CLAIM_FIELDS} } ${ERRORS} } }`,
      { input }, as.admin, 'reviewSubsidyClaim');
  const pay = (claimIds: string[]) =>
    gql<{ userErrors: UserError[] }>(`mutation($input: RecordSubsidyPaymentInput!) { recordSubsidyPayment(input: $input) { ${ERRORS} } }`,
      { input: { claimIds, paidOn: TODAY, paymentReference: `PAY-${claimIds[0]}` } }, as.admin, 'recordSubsidyPayment');
  const check = (input: Record<string, unknown>, token = as.admin) => gql<CheckPayload>(CHECK, { input: { kind: 'REPEATED_SUBSIDY', note: '核查了签到表与银行流水', ...input } }, token, 'recordRiskCheck');
  const signals = (checked?: boolean) => gql<{ totalCount: number; nodes: { enrollments: { id: string }[]; check: { id: string; finding: string; note: string; checkedBy: string; misusedEnrollments: { id: string }[] } | null }[] }>(SIGNALS, { checked }, as.admin, 'subsidyRiskSignals');
  /** A seeker subsidised twice for one occupation and level: the REPEATED_SUBSIDY signal's two seats. */
  const repeatedSubsidy = async () => {
    const [seekerId] = await storeSeekers(db, 1, { region: ZHONGSHAN });
    return [await completedSeat(seekerId), await completedSeat(seekerId), seekerId];
  };
  const writes = async () =>
    (await db.query(
      `SELECT (SELECT md5(coalesce(string_agg(concat_ws(',', id, status, reviewed_at, recovery_status, recovered_on), ';' ORDER BY id), '')) FROM subsidy_claim) AS claims,
              (SELECT count(*) FROM risk_check)::int AS checks, (SELECT count(*) FROM audit_entry)::int AS audit`,
    ))[0];

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '养老护理员', 4)`, [CARE]);
    provider = await storeProvider(db, { region: ZHONGSHAN, today: TODAY });
    as.admin = await app.token(Role.ADMIN, { region: '210200' });
    as.province = await app.token(Role.ADMIN, { region: '210000' });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: '210100' });
    as.provider = await app.token(Role.PROVIDER, { provider });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    ok(await gql<{ userErrors: UserError[] }>(`mutation($input: SetSubsidyStandardInput!) { setSubsidyStandard(input: $input) { ${ERRORS} } }`,
      { input: { regionCode: '210000', kind: 'TRAINING', amount: '1000.00', unit: 'PER_PERSON', effectiveFrom: `${Number(YEAR) - 1}-01-01`, basis: '测试标准' } }, as.province, 'setSubsidyStandard'));
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('a confirmed repeat rejects the open claim of the misused seat, puts the paid one up for recovery and bars the seat; the first seat stays in order', async () => {
    // The first seat's claim was approved and paid before the pattern showed; the second is waiting.
    const [seekerId] = await storeSeekers(db, 1, { region: ZHONGSHAN });
    const first = await completedSeat(seekerId);
    const [firstClaim] = ok(await claim([first])).subsidyClaims!;
    ok(await review({ claimId: firstClaim.id, decision: 'APPROVE' }));
    ok(await pay([firstClaim.id]));
    const second = await completedSeat(seekerId);
    const [secondClaim] = ok(await claim([second])).subsidyClaims!;
    const open = (await signals(false)).nodes.find((s) => s.enrollments.map((e) => e.id).join() === [first, second].join());
    expect(open?.check).toBeNull();

    // The bureau finds that the second seat repeated the subsidy; misused seats name the second only.
    const payload = ok(await check({ enrollmentIds: [second, first], finding: 'CONFIRMED', misusedEnrollmentIds: [second] }));
    expect(payload.riskCheck).toMatchObject({ finding: 'CONFIRMED', misusedEnrollments: [{ id: second }] });
    expect(payload.stoppedClaims).toEqual([expect.objectContaining({ id: secondClaim.id, status: 'REJECTED', reviewNote: expect.stringContaining(`监督核查 #`) })]);
    expect(payload.recoveriesDue).toEqual([]);
    // The seat earns nothing again; the first seat's paid claim stands.
    const again = await claim([second]);
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'MISUSE_CONFIRMED', field: ['input', 'enrollmentIds', '0'] })]);
    const checked = (await signals(true)).nodes.find((s) => s.check?.id === payload.riskCheck!.id);
    expect(checked?.check).toMatchObject({ finding: 'CONFIRMED', note: '核查了签到表与银行流水', misusedEnrollments: [{ id: second }] });
    expect(checked?.check?.checkedBy).toBeTruthy();
    expect((await signals(false)).nodes.some((s) => s.check !== null)).toBe(false);
  });

  it('a paid claim on a misused seat owes its money back until the bureau records the recovery', async () => {
    const [first, second, seekerId] = await repeatedSubsidy();
    const claims = ok(await claim([first, second])).subsidyClaims!;
    for (const c of claims) ok(await review({ claimId: c.id, decision: 'APPROVE', acknowledgeRisks: true, note: '先行审核，转交监督核查' }));
    ok(await pay(claims.map((c) => c.id)));

    const payload = ok(await check({ enrollmentIds: [first, second], finding: 'CONFIRMED' }));
    expect(payload.riskCheck!.misusedEnrollments.map((e) => e.id)).toEqual([first, second]);
    expect(payload.recoveriesDue!.map((c) => [c.id, c.status, c.recoveryStatus])).toEqual(claims.map((c) => [c.id, 'PAID', 'DUE']));
    const due = await gql<{ totalCount: number; amount: string }>(`query { subsidyClaims(filter: { recoveryStatus: DUE }) { totalCount amount } }`, {}, as.admin, 'subsidyClaims');
    expect(due.totalCount).toBeGreaterThanOrEqual(2);
    // The provider sees what it owes.
    const seen = await gql<{ nodes: { id: string; recoveryStatus: string | null }[] }>(`query { subsidyClaims(filter: { recoveryStatus: DUE }) { nodes { id recoveryStatus } } }`, {}, as.provider, 'subsidyClaims');
    expect(seen.nodes.map((c) => c.id)).toEqual(expect.arrayContaining(claims.map((c) => c.id)));

    // Bad input and other regions change nothing.
    const before = await writes();
    const refused = await gql<{ userErrors: UserError[] }>(RECOVER, { input: { claimIds: [claims[0].id], recoveredOn: addDays(TODAY, 1), reference: 'BACK-1' } }, as.admin, 'recordSubsidyRecovery');
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'recoveredOn'] })]);
    const elsewhere = await gql<{ userErrors: UserError[] }>(RECOVER, { input: { claimIds: [claims[0].id], recoveredOn: TODAY, reference: 'BACK-1' } }, as.shenyangAdmin, 'recordSubsidyRecovery');
    expect(elsewhere.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'claimIds', '0'] })]);
    expect(await writes()).toEqual(before);

    const recovered = ok(await gql<{ subsidyClaims: Claim[]; userErrors: UserError[] }>(RECOVER, { input: { claimIds: claims.map((c) => c.id), recoveredOn: TODAY, reference: 'BACK-1' } }, as.admin, 'recordSubsidyRecovery'));
    expect(recovered.subsidyClaims.map((c) => [c.recoveryStatus, c.recoveredOn, c.recoveryReference])).toEqual([['RECOVERED', TODAY, 'BACK-1'], ['RECOVERED', TODAY, 'BACK-1']]);
    const indicators = await gql<{ subsidyPaid: string; subsidyRecovered: string }>(
      `query { trainingIndicators(regionCode: "210200", from: "${addDays(TODAY, -1)}", until: "${TODAY}") { subsidyPaid subsidyRecovered } }`, {}, as.admin, 'trainingIndicators');
    expect(Number(indicators.subsidyRecovered)).toBe(claims.reduce((sum, c) => sum + Number(c.amount), 0));
    const record = await gql<{ trainingRecord: { subsidyReceived: string; subsidyPaidOnTrainings: string } }>(
      `query($id: ID!) { node(id: $id) { ... on JobSeeker { trainingRecord { subsidyReceived subsidyPaidOnTrainings } } } }`, { id: toGlobalId('JobSeeker', seekerId) }, as.admin, 'node');
    expect(record.trainingRecord).toEqual({ subsidyReceived: '0.00', subsidyPaidOnTrainings: '0.00' });
    const twice = await gql<{ userErrors: UserError[] }>(RECOVER, { input: { claimIds: [claims[0].id], recoveredOn: TODAY, reference: 'BACK-2' } }, as.admin, 'recordSubsidyRecovery');
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'NOT_DUE' })]);
    const trail = await db.query(`SELECT action FROM audit_entry WHERE entity_type = 'SubsidyClaim' AND entity_id = $1 ORDER BY id`, [fromGlobalId(claims[0].id)!.key]);
    expect(trail.map((r: { action: string }) => r.action)).toEqual(['CLAIM_SUBSIDY', 'REVIEW_SUBSIDY_CLAIM', 'PAY_SUBSIDY_CLAIM', 'SUBSIDY_RECOVERY_DUE', 'RECOVER_SUBSIDY']);
  });

  it('a cleared signal leaves the work list and no longer holds up approval of its claims', async () => {
    const [first, second, seekerId] = await repeatedSubsidy();
    const claims = ok(await claim([first, second])).subsidyClaims!;
    const held = await review({ claimId: claims[1].id, decision: 'APPROVE' });
    expect(held.userErrors).toEqual([expect.objectContaining({ code: 'RISK_SIGNALS' })]);

    const payload = ok(await check({ enrollmentIds: [first, second], finding: 'CLEARED', note: '第二期为补考复训，经核实不属重复' }));
    expect(payload).toMatchObject({ riskCheck: { finding: 'CLEARED', misusedEnrollments: [] }, stoppedClaims: [], recoveriesDue: [] });
    expect((await signals(false)).nodes.some((s) => s.enrollments.some((e) => e.id === first))).toBe(false);
    const approved = ok(await review({ claimId: claims[1].id, decision: 'APPROVE' }));
    expect(approved.subsidyClaim).toMatchObject({ status: 'APPROVED' });

    // Checked once: a second finding on the same signal is refused.
    const twice = await check({ enrollmentIds: [first, second], finding: 'CONFIRMED' });
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE', field: ['input', 'enrollmentIds'] })]);
    // A third seat joining the pattern is a new signal, which asks to be checked again.
    const third = await completedSeat(seekerId);
    const renewed = (await signals(false)).nodes.find((s) => s.enrollments.some((e) => e.id === third));
    expect(renewed?.enrollments.map((e) => e.id)).toEqual([first, second, third]);
  });

  it('refuses a check of no current signal, of seats outside the bureau, or with misused seats it cannot take, writing nothing', async () => {
    const [first, second] = await repeatedSubsidy();
    const [alone] = await storeSeekers(db, 1, { region: ZHONGSHAN });
    const single = await completedSeat(alone);
    const before = await writes();
    const cases: [Record<string, unknown>, string, string[], string?][] = [
      [{ enrollmentIds: [first] }, 'NO_SIGNAL', ['input', 'enrollmentIds']],
      [{ enrollmentIds: [first, second, single] }, 'NO_SIGNAL', ['input', 'enrollmentIds']],
      [{ enrollmentIds: [first, second], kind: 'SHARED_PHONE' }, 'NO_SIGNAL', ['input', 'enrollmentIds']],
      [{ enrollmentIds: [first, second] }, 'NO_SIGNAL', ['input', 'enrollmentIds'], as.shenyangAdmin],
      [{ enrollmentIds: [first, first] }, 'INVALID', ['input', 'enrollmentIds', '1']],
      [{ enrollmentIds: [first, second], misusedEnrollmentIds: [single] }, 'INVALID', ['input', 'misusedEnrollmentIds', '0']],
      [{ enrollmentIds: [first, second], finding: 'CLEARED', misusedEnrollmentIds: [first] }, 'INVALID', ['input', 'misusedEnrollmentIds']],
      [{ enrollmentIds: [first, second], misusedEnrollmentIds: [] }, 'INVALID', ['input', 'misusedEnrollmentIds']],
      [{ enrollmentIds: [first, second], note: '   ' }, 'INVALID', ['input', 'note']],
    ];
    for (const [input, code, field, token] of cases) {
      const payload = await check({ finding: 'CONFIRMED', ...input }, token);
      expect(payload.userErrors, JSON.stringify(input)).toEqual([expect.objectContaining({ code, field })]);
    }
    const forbidden = await app.gql(CHECK, { input: { kind: 'REPEATED_SUBSIDY', enrollmentIds: [first, second], finding: 'CLEARED', note: 'x' } }, { token: as.counsellor });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await writes()).toEqual(before);
  });

  it('a claim racing a confirmed check never survives on a misused seat: one waits for the other', async () => {
    const signals = await Promise.all(Array.from({ length: 8 }, () => repeatedSubsidy()));
    const raced = await Promise.all(signals.map(([first, second]) => Promise.all([claim([second]), check({ enrollmentIds: [first, second], finding: 'CONFIRMED', misusedEnrollmentIds: [second] })])));
    for (const [claimed, checked] of raced) {
      expect(checked.userErrors).toEqual([]);
      // Either the claim came first and the check stopped it, or the check came first and the claim was refused.
      if (claimed.userErrors.length) expect(claimed.userErrors).toEqual([expect.objectContaining({ code: 'MISUSE_CONFIRMED' })]);
      else expect(checked.stoppedClaims!.map((c) => c.id)).toEqual(claimed.subsidyClaims!.map((c) => c.id));
    }
    const seats = signals.map(([, second]) => fromGlobalId(second)!.key);
    const [{ live }] = await db.query(`SELECT count(*)::int AS live FROM subsidy_claim WHERE enrollment_id = ANY($1::bigint[]) AND status <> 'REJECTED'`, [seats]);
    expect(live).toBe(0);
  });

  it('shows a check to the bureau that made it and those above, by node id too', async () => {
    const [first, second] = await repeatedSubsidy();
    const { riskCheck } = ok(await check({ enrollmentIds: [first, second], finding: 'CLEARED' }));
    const node = (token: string) => gql<{ id: string } | null>(`query($id: ID!) { node(id: $id) { id ... on RiskCheck { finding } } }`, { id: riskCheck!.id }, token, 'node');
    expect(await node(as.admin)).toMatchObject({ id: riskCheck!.id, finding: 'CLEARED' });
    expect(await node(as.province)).toMatchObject({ id: riskCheck!.id });
    expect(await node(as.shenyangAdmin)).toBeNull();
    expect(await node(as.provider)).toBeNull();
  });
});

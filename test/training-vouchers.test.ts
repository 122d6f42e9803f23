import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { addDays } from '../domain/supply/subsidy-quote';
import { enqueueCourseReindex } from '../search/courses.index';
import { fromGlobalId, toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { storeCourse, storeProvider, storeSeekers } from './factories';
import { startTestPlatform, switchableRelay, type TestPlatform, type UserError } from './harness';

const TODAY = todayInChina();
const YEAR = TODAY.slice(0, 4);
const DALIAN = '210200';
const ZHONGSHAN = '210202';
const SHENYANG = '210100';
const HEPING = '210102';
const CARE = '4-10-01-05';
const AI_TRAINER = '4-04-05-05';

const ERRORS = 'userErrors { field code message }';
const VOUCHER_FIELDS = 'id number status regionCode occupationCode occupation { name } region { name } validFrom validUntil revokedAt revocationReason jobSeeker { id } enrollment { id }';
const ISSUE = `mutation($input: IssueTrainingVouchersInput!) { issueTrainingVouchers(input: $input) { trainingVouchers { ${VOUCHER_FIELDS} } ${ERRORS} } }`;
const REVOKE = `mutation($input: RevokeTrainingVoucherInput!) { revokeTrainingVoucher(input: $input) { trainingVoucher { ${VOUCHER_FIELDS} } ${ERRORS} } }`;
const ENROLL = `mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { id status quote { totalSubsidy } voucher { id number status } } ${ERRORS} } }`;
const WITHDRAW = `mutation($input: WithdrawEnrollmentInput!) { withdrawEnrollment(input: $input) { enrollment { id status voucher { id } } ${ERRORS} } }`;
const CANCEL = `mutation($input: CancelCourseInput!) { cancelCourse(input: $input) { course { id status } ${ERRORS} } }`;
const LIST = `query($filter: TrainingVoucherFilter, $first: Int) { trainingVouchers(filter: $filter, first: $first) { totalCount nodes { id number status jobSeeker { id } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on TrainingVoucher { id status } } }`;
const SET_STANDARD = `mutation($input: SetSubsidyStandardInput!) { setSubsidyStandard(input: $input) { subsidyStandard { id } ${ERRORS} } }`;

describe('electronic training vouchers (电子培训券)', () => {
  let app: TestPlatform;
  let db: DataSource;
  let relay: Awaited<ReturnType<typeof switchableRelay>>;
  const as = {} as Record<'counsellor' | 'admin' | 'shenyangCounsellor' | 'provider', string>;
  let admitted: string;
  let notAdmitted: string;

  const newProvider = (admitted: boolean) => storeProvider(db, { region: ZHONGSHAN, today: TODAY, admitted });
  let courses = 0;
  /** Each course on its own dates, so one seeker's seats never overlap. */
  const course = (spec: { occupation?: string; region?: string; mode?: string; provider?: string } = {}) =>
    storeCourse(db, {
      provider: spec.provider ?? admitted,
      title: '券测试课程',
      occupation: spec.occupation ?? CARE,
      mode: spec.mode,
      region: spec.region ?? ZHONGSHAN,
      startsOn: addDays(TODAY, 20 + 30 * ++courses),
    });
  const seeker = async (region = ZHONGSHAN, targets: string[] = []) => (await storeSeekers(db, 1, { region, targets }))[0];
  const seekerGid = (id: string) => toGlobalId('JobSeeker', id);

  const issue = async (input: Record<string, unknown>, token = as.counsellor) => {
    const res = await app.gql(ISSUE, { input: { validUntil: addDays(TODAY, 90), ...input } }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.issueTrainingVouchers as { trainingVouchers: any[]; userErrors: UserError[] };
  };
  const issued = async (seekerIds: string[], input: Record<string, unknown> = { occupationCode: CARE }) => {
    const payload = await issue({ seekerIds: seekerIds.map(seekerGid), ...input });
    expect(payload.userErrors).toEqual([]);
    return payload.trainingVouchers;
  };
  const enrol = async (courseId: string, seekerId: string, voucherId?: string, token = as.counsellor) => {
    const res = await app.gql(ENROLL, { input: { courseId: toGlobalId('Course', courseId), seekerId: seekerGid(seekerId), voucherId } }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.enrollInCourse as { enrollment: any; userErrors: UserError[] };
  };
  const voucher = async (id: string, token = as.counsellor) => (await app.gql(`query($id: ID!) { node(id: $id) { ... on TrainingVoucher { ${VOUCHER_FIELDS} } } }`, { id }, { token })).data.node;
  /** Everything issuing, using, freeing or revoking a voucher writes; a refusal must leave all of it as it was. */
  const writes = async () =>
    (
      await db.query(
        `SELECT (SELECT md5(coalesce(string_agg(concat_ws(',', id, enrollment_id, revoked_at), ';' ORDER BY id), '')) FROM training_voucher) AS vouchers,
                (SELECT count(*) FROM enrollment)::int AS enrollments,
                (SELECT coalesce(sum(enrolled), 0) FROM course)::int AS seats,
                (SELECT count(*) FROM audit_entry)::int AS audit`,
      )
    )[0];

  beforeAll(async () => {
    relay = await switchableRelay(inject('meiliUrl'));
    app = await startTestPlatform({ demoData: false, meiliUrl: relay.url });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '养老护理员', 4), ($2, '人工智能训练师', 4), ('4-10-01-03', '保育师', 4), ('4-10-01-06', '家政服务员', 4)`, [CARE, AI_TRAINER]);
    admitted = await newProvider(true);
    notAdmitted = await newProvider(false);
    as.counsellor = await app.token(Role.COUNSELLOR, { region: DALIAN });
    as.admin = await app.token(Role.ADMIN, { region: DALIAN });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: SHENYANG });
    as.provider = await app.token(Role.PROVIDER, { provider: admitted });
    const res = await app.gql(SET_STANDARD, { input: { regionCode: '210000', basis: '测试标准', kind: 'TRAINING', amount: '1000.00', unit: 'PER_PERSON', effectiveFrom: `${YEAR}-01-01` } }, { token: await app.token(Role.ADMIN, { region: '210000' }) });
    expect(res.data.setSubsidyStandard.userErrors).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await relay?.close();
  });

  it('a counsellor gives vouchers to seekers of the region: numbered by city, year and serial, audited, each seen by its holder and the region', async () => {
    const [a, b] = [await seeker(), await seeker()];
    const vouchers = await issued([a, b]);
    expect(vouchers).toHaveLength(2);
    for (const [i, v] of vouchers.entries()) {
      expect(v).toMatchObject({ status: 'ISSUED', regionCode: DALIAN, occupationCode: CARE, occupation: { name: '养老护理员' }, region: { name: '大连市' }, validFrom: TODAY, validUntil: addDays(TODAY, 90), revokedAt: null, jobSeeker: { id: seekerGid([a, b][i]) }, enrollment: null });
      expect(v.number).toMatch(new RegExp(`^210200-${YEAR}-\\d{8}$`));
    }
    const audit = await db.query(`SELECT entity_id, actor_role, changes FROM audit_entry WHERE action = 'ISSUE_VOUCHER' AND changes->>'seekerId' = ANY($1) ORDER BY entity_id`, [[a, b]]);
    expect(audit.map((e: any) => [e.actor_role, e.changes.seekerId, e.changes.number, e.changes.occupationCode])).toEqual([
      ['COUNSELLOR', a, vouchers[0].number, CARE],
      ['COUNSELLOR', b, vouchers[1].number, CARE],
    ]);

    const own = await app.gql(LIST, {}, { token: await app.token(Role.SEEKER, { seeker: a }) });
    expect(own.data.trainingVouchers.nodes.map((v: any) => v.id)).toEqual([vouchers[0].id]);
    const region = await app.gql(LIST, { filter: { seekerId: seekerGid(b) } }, { token: as.counsellor });
    expect(region.errors).toBeUndefined();
    expect(region.data.trainingVouchers).toMatchObject({ totalCount: 1, nodes: [{ id: vouchers[1].id, status: 'ISSUED' }] });
    const elsewhere = await app.gql(LIST, { filter: { seekerId: seekerGid(b) } }, { token: as.shenyangCounsellor });
    expect(elsewhere.data.trainingVouchers.totalCount).toBe(0);
    expect((await app.gql(NODE, { id: vouchers[1].id }, { token: as.shenyangCounsellor })).data.node).toBeNull();
    expect((await app.gql(LIST, {}, { token: as.provider })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('issues all or none, naming every refused seeker and field; a voucher for other days, or for any occupation, is not a duplicate', async () => {
    const [a, b] = [await seeker(), await seeker()];
    const shenyang = await seeker(HEPING);
    await issued([a]);
    const before = await writes();
    const refused = await issue({ seekerIds: [seekerGid(b), seekerGid(shenyang), seekerGid(a), seekerGid(b)], occupationCode: CARE });
    expect(refused.trainingVouchers).toBeNull();
    expect(refused.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.seekerIds.3', 'INVALID'],
      ['input.seekerIds.1', 'NOT_FOUND'],
      ['input.seekerIds.2', 'DUPLICATE'],
    ]);
    expect(refused.userErrors[2].message).toMatch(/already holds voucher 210200-\d{4}-\d{8} for 4-10-01-05/);
    const dates = await issue({ seekerIds: [seekerGid(b)], occupationCode: '4-99-99-99', validFrom: addDays(TODAY, -1), validUntil: addDays(TODAY, 400) });
    expect(dates.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.validFrom', 'INVALID'],
      ['input.validUntil', 'INVALID'],
      ['input.occupationCode', 'NOT_FOUND'],
    ]);
    const tooLong = await issue({ seekerIds: [seekerGid(b)], validFrom: TODAY, validUntil: addDays(TODAY, 366) });
    expect(tooLong.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([['input.validUntil', 'INVALID']]);
    const backwards = await issue({ seekerIds: [seekerGid(b)], validFrom: addDays(TODAY, 10), validUntil: addDays(TODAY, 9) });
    expect(backwards.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([['input.validUntil', 'INVALID']]);
    const badCode = await app.gql(ISSUE, { input: { seekerIds: [seekerGid(b)], occupationCode: 'care', validUntil: addDays(TODAY, 9) } }, { token: as.counsellor });
    expect(JSON.stringify(badCode)).toContain('occupationCode must look like 4-04-05-05');
    expect(await writes()).toEqual(before);

    // Days after the first one's, and any occupation: both may be held beside it.
    expect(await issued([a], { occupationCode: CARE, validFrom: addDays(TODAY, 91), validUntil: addDays(TODAY, 200) })).toHaveLength(1);
    expect(await issued([a], { validUntil: addDays(TODAY, 30) })).toMatchObject([{ occupationCode: null, occupation: null }]);
  });

  it('takes a seat with a voucher, records it, and frees it when the seat is given back or the course cancelled', async () => {
    const someone = await seeker();
    const [v] = await issued([someone]);
    const first = await course();
    const taken = await enrol(first, someone, v.id);
    expect(taken.userErrors).toEqual([]);
    expect(taken.enrollment).toMatchObject({ status: 'ENROLLED', quote: { totalSubsidy: '1000.00' }, voucher: { id: v.id, number: v.number, status: 'REDEEMED' } });
    expect(await voucher(v.id)).toMatchObject({ status: 'REDEEMED', enrollment: { id: taken.enrollment.id } });
    const [enrolAudit] = await db.query(`SELECT changes FROM audit_entry WHERE action = 'ENROLL' AND changes->>'seekerId' = $1`, [someone]);
    expect(enrolAudit.changes.voucherId).toEqual({ from: null, to: (await db.query('SELECT id::text AS id FROM training_voucher WHERE enrollment_id = $1', [fromGid(taken.enrollment.id)]))[0].id });

    // A used voucher takes no second seat, and revoking it is refused while it holds one.
    const before = await writes();
    const second = await enrol(await course(), someone, v.id);
    expect(second.userErrors).toMatchObject([{ field: ['input', 'voucherId'], code: 'VOUCHER_NOT_USABLE', message: expect.stringContaining('already holds the seat') }]);
    const revoke = (await app.gql(REVOKE, { input: { voucherId: v.id, reason: '重复发放' } }, { token: as.counsellor })).data.revokeTrainingVoucher;
    expect(revoke.userErrors).toMatchObject([{ field: ['input', 'voucherId'], code: 'VOUCHER_IN_USE' }]);
    expect(await writes()).toEqual(before);

    const withdrawn = (await app.gql(WITHDRAW, { input: { enrollmentId: taken.enrollment.id } }, { token: as.counsellor })).data.withdrawEnrollment;
    expect(withdrawn).toMatchObject({ enrollment: { status: 'WITHDRAWN', voucher: null }, userErrors: [] });
    expect(await voucher(v.id)).toMatchObject({ status: 'ISSUED', enrollment: null });
    const [withdrawAudit] = await db.query(`SELECT changes FROM audit_entry WHERE action = 'WITHDRAW' AND changes->>'seekerId' = $1`, [someone]);
    expect(withdrawAudit.changes.voucherId.to).toBeNull();

    // Free again: it takes the next seat, and a cancelled course gives it back as well.
    const next = await course();
    expect((await enrol(next, someone, v.id)).enrollment.voucher.status).toBe('REDEEMED');
    const cancelled = (await app.gql(CANCEL, { input: { courseId: toGlobalId('Course', next) } }, { token: as.provider })).data.cancelCourse;
    expect(cancelled.userErrors).toEqual([]);
    expect(await voucher(v.id)).toMatchObject({ status: 'ISSUED', enrollment: null });
    const [cancelAudit] = await db.query(`SELECT changes FROM audit_entry WHERE action = 'WITHDRAW' AND changes->>'reason' = 'COURSE_CANCELLED' AND changes->>'seekerId' = $1`, [someone]);
    expect(cancelAudit.changes.voucherId.to).toBeNull();
  });

  it('refuses a voucher that is not the seeker’s, revoked, expired, not yet valid, for another occupation or city, or on an unsubsidised course, writing nothing', async () => {
    const someone = await seeker();
    const other = await seeker();
    const [care] = await issued([someone]);
    const [othersVoucher] = await issued([other]);
    const [later] = await issued([someone], { occupationCode: AI_TRAINER, validFrom: addDays(TODAY, 5), validUntil: addDays(TODAY, 60) });
    const [anyOccupation] = await issued([someone], { validUntil: addDays(TODAY, 60) });
    const [expiring] = await issued([someone], { occupationCode: '4-10-01-06', validUntil: addDays(TODAY, 60) });
    await db.query(`UPDATE training_voucher SET valid_from = $2, valid_until = $3 WHERE id = $1`, [fromGid(expiring.id), addDays(TODAY, -40), addDays(TODAY, -1)]);
    const [revoked] = await issued([someone], { occupationCode: '4-10-01-03', validUntil: addDays(TODAY, 60) });
    const revoke = (await app.gql(REVOKE, { input: { voucherId: revoked.id, reason: '已在外地就业' } }, { token: as.counsellor })).data.revokeTrainingVoucher;
    expect(revoke).toMatchObject({ trainingVoucher: { status: 'REVOKED', revocationReason: '已在外地就业' }, userErrors: [] });

    const careCourse = await course();
    const cases: [voucherId: string, courseId: string, code: string, message: string][] = [
      [othersVoucher.id, careCourse, 'NOT_FOUND', 'does not exist'],
      [revoked.id, await course({ occupation: '4-10-01-03' }), 'VOUCHER_NOT_USABLE', 'was revoked on'],
      [expiring.id, await course({ occupation: '4-10-01-06' }), 'VOUCHER_NOT_USABLE', `expired on ${addDays(TODAY, -1)}`],
      [later.id, await course({ occupation: AI_TRAINER }), 'VOUCHER_NOT_USABLE', `is valid from ${addDays(TODAY, 5)}`],
      [care.id, await course({ occupation: AI_TRAINER }), 'VOUCHER_NOT_USABLE', `is for occupation ${CARE}`],
      [anyOccupation.id, await course({ region: HEPING }), 'VOUCHER_NOT_USABLE', 'is issued by 210200'],
      [anyOccupation.id, await course({ provider: notAdmitted }), 'VOUCHER_NOT_USABLE', 'is not subsidised'],
    ];
    const before = await writes();
    for (const [voucherId, courseId, code, message] of cases) {
      const res = await enrol(courseId, someone, voucherId);
      expect(res.enrollment, message).toBeNull();
      expect(res.userErrors).toEqual([{ field: ['input', 'voucherId'], code, message: expect.stringContaining(message) }]);
    }
    expect(await writes()).toEqual(before);
    expect(await voucher(expiring.id)).toMatchObject({ status: 'EXPIRED' });

    // An online course of another city takes a voucher of any occupation.
    const online = await enrol(await course({ region: HEPING, mode: 'ONLINE' }), someone, anyOccupation.id);
    expect(online.userErrors).toEqual([]);
  });

  it('revocation: by staff of the region only, with a reason, once', async () => {
    const someone = await seeker();
    const [v] = await issued([someone]);
    const asSeeker = await app.gql(REVOKE, { input: { voucherId: v.id, reason: '不需要' } }, { token: await app.token(Role.SEEKER, { seeker: someone }) });
    expect(asSeeker.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const elsewhere = (await app.gql(REVOKE, { input: { voucherId: v.id, reason: '不需要' } }, { token: as.shenyangCounsellor })).data.revokeTrainingVoucher;
    expect(elsewhere.userErrors).toMatchObject([{ field: ['input', 'voucherId'], code: 'NOT_FOUND' }]);
    const blank = (await app.gql(REVOKE, { input: { voucherId: v.id, reason: '   ' } }, { token: as.counsellor })).data.revokeTrainingVoucher;
    expect(blank.userErrors).toMatchObject([{ field: ['input', 'reason'], code: 'INVALID' }]);

    const done = (await app.gql(REVOKE, { input: { voucherId: v.id, reason: '已就业' } }, { token: as.admin })).data.revokeTrainingVoucher;
    expect(done.trainingVoucher).toMatchObject({ status: 'REVOKED', revocationReason: '已就业' });
    const [audit] = await db.query(`SELECT actor_role, changes FROM audit_entry WHERE action = 'REVOKE_VOUCHER' AND entity_id = $1`, [fromGid(v.id)]);
    expect(audit).toMatchObject({ actor_role: 'ADMIN', changes: { seekerId: someone, status: { from: 'ISSUED', to: 'REVOKED' } } });
    expect(JSON.stringify(audit.changes)).not.toContain('已就业');
    const again = (await app.gql(REVOKE, { input: { voucherId: v.id, reason: '已就业' } }, { token: as.counsellor })).data.revokeTrainingVoucher;
    expect(again.userErrors).toMatchObject([{ code: 'ALREADY_REVOKED' }]);
    const revokedList = await app.gql(LIST, { filter: { seekerId: seekerGid(someone), status: 'REVOKED' } }, { token: as.counsellor });
    expect(revokedList.data.trainingVouchers.nodes.map((n: any) => n.id)).toEqual([v.id]);
  });

  it('the provider sees which seats vouchers hold, not whose they are; vouchers add the same SQL to a page of 10 seats as to one of 100', async () => {
    const courseId = await course();
    const people = await Promise.all(Array.from({ length: 12 }, () => seeker()));
    const vouchers = await issued(people);
    for (const [i, person] of people.entries()) expect((await enrol(courseId, person, vouchers[i].id)).userErrors).toEqual([]);
    const roster = `query($first: Int) { enrollments(filter: { courseId: "${toGlobalId('Course', courseId)}" }, first: $first) { nodes { id voucher { number status occupation { code } jobSeeker { id } enrollment { id } } } } }`;
    const small = await app.gql(roster, { first: 10 }, { token: as.provider });
    const large = await app.gql(roster, { first: 100 }, { token: as.provider });
    expect(large.errors).toBeUndefined();
    expect(large.data.enrollments.nodes).toHaveLength(12);
    expect(large.data.enrollments.nodes.map((n: any) => n.voucher.number).sort()).toEqual(vouchers.map((v) => v.number).sort());
    expect(large.data.enrollments.nodes.every((n: any) => n.voucher.status === 'REDEEMED' && n.voucher.jobSeeker === null && n.voucher.enrollment.id === n.id)).toBe(true);
    // A short last page spares the count, so the vouchers' own statements are compared: the same for 10 seats as for all.
    const plain = `query($first: Int) { enrollments(filter: { courseId: "${toGlobalId('Course', courseId)}" }, first: $first) { nodes { id } } }`;
    const sql = async (query: string, first: number) => (await app.gql(query, { first }, { token: as.provider })).extensions!.sqlQueries!;
    expect(small.extensions!.sqlQueries! - (await sql(plain, 10))).toBe(large.extensions!.sqlQueries! - (await sql(plain, 100)));
  });

  it('a voucher for an occupation the seeker did not name brings its courses into the matches, and the seeker into the course\'s candidates', async () => {
    const holder = await seeker(ZHONGSHAN, [CARE]);
    const peer = await seeker(ZHONGSHAN, [CARE]);
    const aiCourse = await course({ occupation: AI_TRAINER });
    await app.platform.infrastructure.dataSource.transaction((manager) => enqueueCourseReindex(manager, [aiCourse]));
    await app.settle();
    const MATCHES = `query($seekerId: ID!) { courseMatches(seekerId: $seekerId, first: 50) { degraded nodes { course { id } reasons { code label } } } }`;
    const aiMatch = async (seekerId: string) => {
      const res = await app.gql(MATCHES, { seekerId: seekerGid(seekerId) }, { token: as.counsellor });
      expect(res.errors).toBeUndefined();
      return { degraded: res.data.courseMatches.degraded, node: res.data.courseMatches.nodes.find((n: any) => n.course.id === toGlobalId('Course', aiCourse)) };
    };
    const CANDIDATES = `query($courseId: ID!) { candidatesForCourse(courseId: $courseId, first: 50) { nodes { jobSeeker { id } reasons { code label } } } }`;
    const candidates = async () => {
      const res = await app.gql(CANDIDATES, { courseId: toGlobalId('Course', aiCourse) }, { token: as.counsellor });
      expect(res.errors).toBeUndefined();
      return res.data.candidatesForCourse.nodes as any[];
    };
    expect((await aiMatch(holder)).node).toBeUndefined();
    expect((await candidates()).some((c) => c.jobSeeker.id === seekerGid(holder))).toBe(false);

    const [v] = await issued([holder], { occupationCode: AI_TRAINER });
    const found = await aiMatch(holder);
    expect(found.node.reasons.map((r: any) => [r.code, r.label])).toEqual(
      expect.arrayContaining([
        ['VOUCHER_OCCUPATION', '培训券指定职业: 人工智能训练师'],
        ['VOUCHER', `可使用培训券 ${v.number}（有效期至 ${v.validUntil}）`],
      ]),
    );
    expect((await aiMatch(peer)).node).toBeUndefined();
    const listed = (await candidates()).find((c) => c.jobSeeker.id === seekerGid(holder));
    expect(listed.reasons.map((r: any) => r.code)).toEqual(expect.arrayContaining(['VOUCHER_OCCUPATION', 'VOUCHER']));

    // PostgreSQL alone finds it the same way while Meilisearch is down.
    relay.down();
    try {
      const fallback = await aiMatch(holder);
      expect(fallback.degraded).toBe(true);
      expect(fallback.node.reasons.map((r: any) => r.code)).toContain('VOUCHER_OCCUPATION');
    } finally {
      relay.up();
    }
  });

  it('matching credits the courses a held voucher pays for, both ways round, until it is used', async () => {
    const holder = await seeker(ZHONGSHAN, [CARE]);
    const peer = await seeker(ZHONGSHAN, [CARE]);
    const careCourse = await course();
    const aiCourse = await course({ occupation: AI_TRAINER });
    await db.query(`UPDATE job_seeker SET target_occupation_codes = $2 WHERE id = $1`, [holder, [CARE, AI_TRAINER]]);
    await app.platform.infrastructure.dataSource.transaction((manager) => enqueueCourseReindex(manager, [careCourse, aiCourse]));
    await app.settle();
    const [v] = await issued([holder]);

    const MATCHES = `query($seekerId: ID!) { courseMatches(seekerId: $seekerId, first: 10) { nodes { score course { id } reasons { code label weight } } } }`;
    const matches = async (seekerId: string) => (await app.gql(MATCHES, { seekerId: seekerGid(seekerId) }, { token: as.counsellor })).data.courseMatches.nodes as any[];
    const voucherReason = (node: any) => node.reasons.find((r: any) => r.code === 'VOUCHER');
    const held = await matches(holder);
    const care = held.find((n) => n.course.id === toGlobalId('Course', careCourse));
    expect(voucherReason(care)).toEqual({ code: 'VOUCHER', label: `可使用培训券 ${v.number}（有效期至 ${v.validUntil}）`, weight: 0.06 });
    expect(voucherReason(held.find((n) => n.course.id === toGlobalId('Course', aiCourse)))).toBeUndefined();
    const withoutVoucher = (await matches(peer)).find((n) => n.course.id === toGlobalId('Course', careCourse));
    expect(care.score).toBeCloseTo(withoutVoucher.score + 0.06, 4);

    // Policy finds people: of two seekers alike, the one the bureau gave a voucher comes first.
    const CANDIDATES = `query($courseId: ID!) { candidatesForCourse(courseId: $courseId, first: 50) { nodes { jobSeeker { id } reasons { code } } } }`;
    const candidates = (await app.gql(CANDIDATES, { courseId: toGlobalId('Course', careCourse) }, { token: as.counsellor })).data.candidatesForCourse.nodes as any[];
    const order = candidates.map((c) => c.jobSeeker.id);
    expect(order.indexOf(seekerGid(holder))).toBeLessThan(order.indexOf(seekerGid(peer)));
    expect(candidates.find((c) => c.jobSeeker.id === seekerGid(holder)).reasons.map((r: any) => r.code)).toContain('VOUCHER');

    // Used, it credits nothing more.
    expect((await enrol(await course(), holder, v.id)).userErrors).toEqual([]);
    expect((await matches(holder)).some((n) => voucherReason(n))).toBe(false);
  });
});

const fromGid = (id: string) => fromGlobalId(id)!.key;

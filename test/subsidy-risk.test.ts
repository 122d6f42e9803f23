import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { residentIdNumber } from './fixtures/identity';
import { addDays } from '../domain/supply/subsidy-quote';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { storeCourse, storeEnterprise, storeProvider } from './factories';
import { startTestPlatform, type TestPlatform } from './harness';

const TODAY = todayInChina();
const YEAR = TODAY.slice(0, 4);
const ELDERLY_CARE = '4-10-01-05';
const ZHONGSHAN = '210202';
const HEPING = '210102';
const SHARED_PHONE = '13912345678';
const ERRORS = 'userErrors { field code message }';
const SIGNALS = `query($region: String!, $kinds: [SubsidyRiskKind!], $first: Int, $after: String) {
  subsidyRiskSignals(regionCode: $region, kinds: $kinds, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { kind label explanation subsidyAtStake enrollments { id status jobSeeker { id } quote { totalSubsidy } } }
  }
}`;

let serial = 300;
/** A valid resident identity number of someone born in 1995. */
const idNumber = () => residentIdNumber('19950101', serial++);

describe('subsidy supervision: leads a bureau checks for misuse of training subsidies', () => {
  let app: TestPlatform;
  let db: DataSource;
  let provider: string;
  const as = {} as Record<'dalian' | 'liaoning' | 'shenyang' | 'counsellor' | 'shenyangCounsellor' | 'provider', string>;
  const seekerIds = {} as Record<string, string>;
  const seatIds = {} as Record<string, string>;

  const course = (startIn: number, trainingType = 'EMPLOYMENT_SKILLS', owner = provider) =>
    storeCourse(db, { provider: owner, title: '养老护理员（五级）培训', occupation: ELDERLY_CARE, region: ZHONGSHAN, trainingType, startsOn: addDays(TODAY, startIn) });
  const register = async (name: string, phone: string, regionCode = ZHONGSHAN, token = as.counsellor) => {
    const res = await app.gql(`mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { jobSeeker { id } ${ERRORS} } }`, {
      input: { name, idNumber: idNumber(), phone, regionCode, educationLevel: 'SENIOR_HIGH', employmentStatus: 'UNEMPLOYED', targetOccupationCodes: [ELDERLY_CARE], groups: [], consent: true },
    }, { token });
    expect(res.data.registerJobSeeker.userErrors).toEqual([]);
    seekerIds[name] = res.data.registerJobSeeker.jobSeeker.id;
  };
  const enrol = async (seat: string, courseId: string, name: string, token = as.counsellor) => {
    const res = await app.gql(`mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { id quote { totalSubsidy } } ${ERRORS} } }`,
      { input: { courseId: toGlobalId('Course', courseId), seekerId: seekerIds[name] } }, { token });
    expect(res.data.enrollInCourse.userErrors).toEqual([]);
    expect(Number(res.data.enrollInCourse.enrollment.quote.totalSubsidy)).toBeGreaterThan(0);
    seatIds[seat] = res.data.enrollInCourse.enrollment.id;
  };
  const signals = async (token: string, region: string, extra: Record<string, unknown> = {}) => {
    const res = await app.gql(SIGNALS, { region, ...extra }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.subsidyRiskSignals;
  };
  const seatsOf = (signal: { enrollments: { id: string }[] }) => signal.enrollments.map((e) => e.id);

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '养老护理员', 4)`, [ELDERLY_CARE]);
    provider = await storeProvider(db, { region: ZHONGSHAN, today: TODAY, name: '督查测试学校' });
    as.dalian = await app.token(Role.ADMIN, { region: '210200' });
    as.liaoning = await app.token(Role.ADMIN, { region: '210000' });
    as.shenyang = await app.token(Role.ADMIN, { region: '210100' });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: '210100' });
    as.provider = await app.token(Role.PROVIDER, { provider });
    const standard = await app.gql(`mutation($input: SetSubsidyStandardInput!) { setSubsidyStandard(input: $input) { ${ERRORS} } }`,
      { input: { regionCode: '210000', kind: 'TRAINING', amount: '1000.00', unit: 'PER_PERSON', effectiveFrom: `${YEAR}-01-01`, basis: '测试标准' } }, { token: as.liaoning });
    expect(standard.data.setSubsidyStandard.userErrors).toEqual([]);

    const [first, second, third, fourth, apprenticeship1, apprenticeship2] = [
      await course(20), await course(40), await course(60), await course(80), await course(100, 'NEW_APPRENTICESHIP'), await course(200, 'NEW_APPRENTICESHIP'),
    ];
    // 王重复 is subsidised twice for the same occupation and level.
    await register('王重复', '13800000001');
    await enrol('repeat1', first, '王重复');
    await enrol('repeat2', second, '王重复');
    // 赵改期 gave a seat back before taking another: one subsidy, no repeat.
    await register('赵改期', '13800000002');
    await enrol('given back', first, '赵改期');
    const withdrawn = await app.gql(`mutation($input: WithdrawEnrollmentInput!) { withdrawEnrollment(input: $input) { ${ERRORS} } }`,
      { input: { enrollmentId: seatIds['given back'] } }, { token: as.counsellor });
    expect(withdrawn.data.withdrawEnrollment.userErrors).toEqual([]);
    await enrol('rebooked', second, '赵改期');
    // 孙学徒: new apprenticeship is subsidised per year, so two years at one level are no repeat.
    await register('孙学徒', '13800000003');
    const employer = await storeEnterprise(db, { region: ZHONGSHAN });
    const contract = await app.gql(`mutation($input: RecordWorkAgreementInput!) { recordWorkAgreement(input: $input) { ${ERRORS} } }`, {
      input: { seekerId: seekerIds['孙学徒'], enterpriseId: toGlobalId('Enterprise', employer), kind: 'LABOUR_CONTRACT', startsOn: TODAY },
    }, { token: as.counsellor });
    expect(contract.data.recordWorkAgreement.userErrors).toEqual([]);
    await enrol('apprentice year 1', apprenticeship1, '孙学徒');
    await enrol('apprentice year 2', apprenticeship2, '孙学徒');
    // Three Dalian trainees and one in Shenyang behind one phone; a couple sharing another.
    for (const name of ['甲', '乙', '丙']) {
      await register(name, SHARED_PHONE);
      await enrol(`phone ${name}`, third, name);
    }
    await register('丁', SHARED_PHONE, HEPING, as.shenyangCounsellor);
    await enrol('phone 丁', third, '丁', as.shenyangCounsellor);
    for (const name of ['夫', '妻']) {
      await register(name, '13800000004');
      await enrol(`couple ${name}`, fourth, name);
    }
    // Two trainees of one finished course reported with one certificate number.
    await db.query('UPDATE course SET starts_on = $2, ends_on = $3 WHERE id = $1', [fourth, addDays(TODAY, -30), addDays(TODAY, -20)]);
    for (const [seat, number] of [['couple 夫', 'S000021020009999'], ['couple 妻', 's000021020009999']]) {
      const res = await app.gql(`mutation($input: ReportTrainingCompletionInput!) { reportTrainingCompletion(input: $input) { ${ERRORS} } }`,
        { input: { enrollmentId: seatIds[seat], completion: 'COMPLETED', finishedOn: addDays(TODAY, -20), certificateLevel: 'JUNIOR', certificateNumber: number } }, { token: as.provider });
      expect(res.data.reportTrainingCompletion.userErrors).toEqual([]);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("lists a city's leads, most subsidy at stake first, each with its seats and why it was raised", async () => {
    const result = await signals(as.dalian, '210200');
    expect(result.totalCount).toBe(3);
    expect(result.nodes.map((s: { kind: string; subsidyAtStake: string }) => [s.kind, s.subsidyAtStake])).toEqual([
      ['SHARED_PHONE', '3000.00'],
      ['REPEATED_SUBSIDY', '2000.00'],
      ['REUSED_CERTIFICATE', '2000.00'],
    ]);
    const [phone, repeat, certificate] = result.nodes;
    expect(phone).toMatchObject({ label: '多名补贴学员登记同一手机号', explanation: '3 名求职者登记同一手机号，共占 3 个补贴学位' });
    expect(seatsOf(phone)).toEqual([seatIds['phone 甲'], seatIds['phone 乙'], seatIds['phone 丙']]);
    expect(repeat).toMatchObject({ label: '同一人同一职业同一等级重复享受培训补贴', explanation: '同一求职者在 2 个学位上享受 养老护理员（4-10-01-05）五级/初级工 培训补贴' });
    expect(seatsOf(repeat)).toEqual([seatIds.repeat1, seatIds.repeat2]);
    expect(repeat.enrollments.map((e: { jobSeeker: { id: string } }) => e.jobSeeker.id)).toEqual([seekerIds['王重复'], seekerIds['王重复']]);
    expect(certificate).toMatchObject({ explanation: '证书编号 S000021020009999 在 2 个学位上报告（2 名求职者）' });
    expect(seatsOf(certificate)).toEqual([seatIds['couple 夫'], seatIds['couple 妻']]);
    // A seat given back, two apprenticeship years and a couple sharing a phone raise nothing.
    const flagged = result.nodes.flatMap(seatsOf);
    for (const seat of ['given back', 'rebooked', 'apprentice year 1', 'apprentice year 2']) expect(flagged).not.toContain(seatIds[seat]);
    // The phone is never shown, in any form.
    expect(JSON.stringify(result)).not.toMatch(/1391234|5678/);
  });

  it('reads a page of signals with their seats, courses and trainees in as many statements for one signal as for three', async () => {
    const statements = async (first: number) => {
      const res = await app.gql(SIGNALS.replace('jobSeeker { id }', 'jobSeeker { id } course { title provider { name } }'), { region: '210200', first }, { token: as.dalian });
      expect(res.data.subsidyRiskSignals.nodes).toHaveLength(first);
      return res.extensions!.sqlQueries;
    };
    expect(await statements(3)).toBe(await statements(1));
  });

  it('filters by pattern and pages with cursors', async () => {
    const onlyPhones = await signals(as.dalian, '210200', { kinds: ['SHARED_PHONE', 'REUSED_CERTIFICATE'] });
    expect(onlyPhones.nodes.map((s: { kind: string }) => s.kind)).toEqual(['SHARED_PHONE', 'REUSED_CERTIFICATE']);
    const page1 = await signals(as.dalian, '210200', { first: 2 });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await signals(as.dalian, '210200', { first: 2, after: page1.pageInfo.endCursor });
    expect(page2.nodes.map((s: { kind: string }) => s.kind)).toEqual(['REUSED_CERTIFICATE']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it("covers the seats of the region's own job seekers: the province sees the trainee from Shenyang behind the shared phone too", async () => {
    const [phone] = (await signals(as.liaoning, '210000', { kinds: ['SHARED_PHONE'] })).nodes;
    expect(phone.explanation).toBe('4 名求职者登记同一手机号，共占 4 个补贴学位');
    expect(seatsOf(phone)).toContain(seatIds['phone 丁']);
    // In Shenyang alone one trainee uses the phone: nothing to raise.
    expect((await signals(as.shenyang, '210100')).totalCount).toBe(0);
  });

  it('follows the seats as they change: a seat given back can end a lead', async () => {
    const res = await app.gql(`mutation($input: WithdrawEnrollmentInput!) { withdrawEnrollment(input: $input) { ${ERRORS} } }`,
      { input: { enrollmentId: seatIds.repeat2 } }, { token: as.counsellor });
    expect(res.data.withdrawEnrollment.userErrors).toEqual([]);
    const kinds = (await signals(as.dalian, '210200')).nodes.map((s: { kind: string }) => s.kind);
    expect(kinds).toEqual(['SHARED_PHONE', 'REUSED_CERTIFICATE']);
  });

  it("raises a provider that reports several of its own trainees as employed by itself, which would pad the placement that ranks its courses", async () => {
    const first17 = '52210200MJ0000077';
    const creditCode = first17 + creditCodeCheckCharacter(first17);
    const school = await storeProvider(db, { region: ZHONGSHAN, today: addDays(TODAY, -60), name: '自聘测试学校', creditCode });
    const asSchool = await app.token(Role.PROVIDER, { provider: school });
    const courseId = await course(15, 'EMPLOYMENT_SKILLS', school);
    const report = async (mutation: string, input: Record<string, unknown>) => {
      const res = await app.gql(`mutation($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${ERRORS} } }`, { input }, { token: asSchool });
      expect(res.data[mutation].userErrors).toEqual([]);
    };
    for (const [i, name] of ['自聘一', '自聘二', '外聘'].entries()) {
      await register(name, `1370000007${i}`);
      await enrol(name, courseId, name);
    }
    await db.query('UPDATE course SET starts_on = $2, ends_on = $3 WHERE id = $1', [courseId, addDays(TODAY, -30), addDays(TODAY, -20)]);
    const employer = (first: string) => first + creditCodeCheckCharacter(first);
    for (const [name, employerCode] of [['自聘一', creditCode], ['自聘二', creditCode.toLowerCase()], ['外聘', employer('91210200MA0000777')]]) {
      await report('reportTrainingCompletion', { enrollmentId: seatIds[name], completion: 'COMPLETED', finishedOn: addDays(TODAY, -20) });
      await report('reportEmployment', { enrollmentId: seatIds[name], employedOn: addDays(TODAY, -10), employerCreditCode: employerCode });
    }
    const [signal] = (await signals(as.dalian, '210200', { kinds: ['SELF_EMPLOYMENT'] })).nodes;
    expect(signal).toMatchObject({ label: '培训机构将多名本机构学员报告为本机构就业', explanation: '自聘测试学校 将 2 名本机构学员报告为就业于本机构（计入其就业率）', subsidyAtStake: '2000.00' });
    expect(seatsOf(signal)).toEqual([seatIds['自聘一'], seatIds['自聘二']]);
  });

  it('is for the bureaus of the region only', async () => {
    const outside = await app.gql(SIGNALS, { region: '210200' }, { token: as.shenyang });
    expect(outside.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, path: ['subsidyRiskSignals'] });
    for (const token of [as.counsellor, as.provider]) {
      const res = await app.gql(SIGNALS, { region: '210200' }, { token });
      expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const bad = await app.gql(SIGNALS, { region: '2102' }, { token: as.dalian });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

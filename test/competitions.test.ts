import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { addDays } from '../domain/supply/subsidy-quote';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { storeEnterprise, storeProvider, storeSeekers } from './factories';
import { startTestPlatform, type TestPlatform, type UserError } from './harness';

const TODAY = todayInChina();
const YEAR = Number(TODAY.slice(0, 4));
const DALIAN = '210200';
const ZHONGSHAN = '210202';
const HEPING = '210102';
const CNC = '6-18-01-01';

const ERRORS = 'userErrors { field code message }';
const REGISTER = `mutation($input: RegisterCompetitionInput!) { registerCompetition(input: $input) { competition { id name level finalOn } ${ERRORS} } }`;
const FINALISTS = `mutation($input: RecordCompetitionFinalistsInput!) { recordCompetitionFinalists(input: $input) { finalists { id jobSeeker { id } enterprise { id } provider { id } } ${ERRORS} } }`;
const CLAIM = `mutation($input: ClaimCompetitionSubsidiesInput!) { claimCompetitionSubsidies(input: $input) {
  subsidyClaims { id amount toEnterprise toProvider toTrainee lines { kind label amount payee } finalist { id } enrollment { id } course { id } } ${ERRORS} } }`;

describe('skill competitions: finalists earn the enterprise or college that sent them a subsidy (004 §(十四))', () => {
  let app: TestPlatform;
  let db: DataSource;
  const as = {} as Record<'admin' | 'shenyangAdmin' | 'counsellor', string>;
  let enterprise: string;
  let college: string;
  let trainingSchool: string;
  let shenyangEnterprise: string;

  const gql = async <T>(query: string, input: Record<string, unknown>, token: string, field: string): Promise<T> => {
    const res = await app.gql(query, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data[field] as T;
  };
  const register = (input: Record<string, unknown>) =>
    gql<{ competition: any; userErrors: UserError[] }>(REGISTER, { name: '大连市数控车工技能大赛', level: 'CITY', regionCode: DALIAN, occupationCode: CNC, finalOn: addDays(TODAY, -10), ...input }, as.admin, 'registerCompetition');
  const competition = async (input: Record<string, unknown> = {}) => {
    const payload = await register(input);
    expect(payload.userErrors).toEqual([]);
    return payload.competition.id as string;
  };
  const record = (competitionId: string, finalists: Record<string, unknown>[], token = as.admin) =>
    gql<{ finalists: any[] | null; userErrors: UserError[] }>(FINALISTS, { competitionId, finalists }, token, 'recordCompetitionFinalists');
  const claim = (finalistIds: string[], token: string) => gql<{ subsidyClaims: any[] | null; userErrors: UserError[] }>(CLAIM, { finalistIds }, token, 'claimCompetitionSubsidies');
  const seekerGid = (id: string) => toGlobalId('JobSeeker', id);
  const writes = async () =>
    (await db.query(`SELECT (SELECT count(*)::int FROM competition_finalist) AS finalists, (SELECT count(*)::int FROM subsidy_claim) AS claims, (SELECT count(*)::int FROM audit_entry) AS audit`))[0];

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '车工', 6)`, [CNC]);
    enterprise = await storeEnterprise(db, { region: ZHONGSHAN, name: '大连测试机床有限公司' });
    shenyangEnterprise = await storeEnterprise(db, { region: HEPING });
    college = await storeProvider(db, { region: ZHONGSHAN, today: TODAY, type: 'VOCATIONAL_COLLEGE', name: '大连测试职业技术学院' });
    trainingSchool = await storeProvider(db, { region: ZHONGSHAN, today: TODAY });
    as.admin = await app.token(Role.ADMIN, { region: DALIAN });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: '210100' });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: DALIAN });
    for (const [competitionLevel, amount] of [['CITY', '1500.00'], ['NATIONAL', '5000.00']]) {
      const set = await gql<{ userErrors: UserError[] }>(`mutation($input: SetSubsidyStandardInput!) { setSubsidyStandard(input: $input) { ${ERRORS} } }`,
        { regionCode: DALIAN, kind: 'COMPETITION', competitionLevel, amount, effectiveFrom: `${YEAR - 1}-01-01`, basis: '大连 004 §(十四)' }, as.admin, 'setSubsidyStandard');
      expect(set.userErrors).toEqual([]);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('records a competition and its finalists, all or none, each refusal on its field', async () => {
    expect((await register({ name: '   ' })).userErrors).toMatchObject([{ field: ['input', 'name'], code: 'INVALID' }]);
    expect((await register({ finalOn: addDays(TODAY, 400) })).userErrors).toMatchObject([{ field: ['input', 'finalOn'], code: 'INVALID' }]);
    expect((await register({ regionCode: '219999' })).userErrors).toMatchObject([{ field: ['input', 'regionCode'], code: 'NOT_FOUND' }]);
    const competitionId = await competition();
    const [a, b, c] = await storeSeekers(db, 3, { region: ZHONGSHAN, status: 'EMPLOYED', groups: [] });
    const before = await writes();
    const refused = await record(competitionId, [
      { seekerId: seekerGid(a), enterpriseId: toGlobalId('Enterprise', enterprise), providerId: toGlobalId('Provider', college) },
      { seekerId: seekerGid(b) },
      { seekerId: seekerGid(c), providerId: toGlobalId('Provider', trainingSchool) },
      { seekerId: seekerGid(a), enterpriseId: toGlobalId('Enterprise', enterprise) },
      { seekerId: seekerGid('999999'), enterpriseId: toGlobalId('Enterprise', shenyangEnterprise) },
    ]);
    expect(refused.finalists).toBeNull();
    expect(refused.userErrors.map((e) => [e.field!.join('.'), e.code])).toEqual([
      ['input.finalists.0', 'INVALID'],
      ['input.finalists.1', 'INVALID'],
      ['input.finalists.2.providerId', 'INVALID'],
      ['input.finalists.3.seekerId', 'INVALID'],
      ['input.finalists.4.seekerId', 'NOT_FOUND'],
    ]);
    const elsewhere = await record(competitionId, [{ seekerId: seekerGid(a), enterpriseId: toGlobalId('Enterprise', shenyangEnterprise) }]);
    expect(elsewhere.userErrors).toMatchObject([{ field: ['input', 'finalists', '0', 'enterpriseId'], code: 'NOT_FOUND' }]);
    expect(await writes()).toEqual(before);

    const recorded = await record(competitionId, [
      { seekerId: seekerGid(a), enterpriseId: toGlobalId('Enterprise', enterprise) },
      { seekerId: seekerGid(b), providerId: toGlobalId('Provider', college) },
    ]);
    expect(recorded.userErrors).toEqual([]);
    expect(recorded.finalists).toMatchObject([
      { jobSeeker: { id: seekerGid(a) }, enterprise: { id: toGlobalId('Enterprise', enterprise) }, provider: null },
      { jobSeeker: { id: seekerGid(b) }, enterprise: null, provider: { id: toGlobalId('Provider', college) } },
    ]);
    expect((await record(competitionId, [{ seekerId: seekerGid(a), enterpriseId: toGlobalId('Enterprise', enterprise) }])).userErrors).toMatchObject([{ code: 'DUPLICATE' }]);
    const listed = await app.gql(`{ competitions(first: 10) { totalCount nodes { id name finalists { jobSeeker { id } } } } }`, {}, { token: as.admin });
    expect(listed.data.competitions.nodes.find((n: any) => n.id === competitionId).finalists).toHaveLength(2);
    expect((await app.gql(`{ competitions(first: 10) { totalCount } }`, {}, { token: as.counsellor })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('pays the standard of the competition level in force on the final to the enterprise or college, once, through the usual review and payment', async () => {
    const national = await competition({ name: '全国数控技能大赛', level: 'NATIONAL' });
    const [worker, student] = await storeSeekers(db, 2, { region: ZHONGSHAN, status: 'EMPLOYED', groups: [] });
    const { finalists } = await record(national, [
      { seekerId: seekerGid(worker), enterpriseId: toGlobalId('Enterprise', enterprise) },
      { seekerId: seekerGid(student), providerId: toGlobalId('Provider', college) },
    ]);
    const [fromEnterprise, fromCollege] = finalists!.map((f) => f.id);
    const asEnterprise = await app.token(Role.ENTERPRISE, { enterprise });
    const asCollege = await app.token(Role.PROVIDER, { provider: college });

    expect((await claim([fromCollege], asEnterprise)).userErrors).toMatchObject([{ field: ['input', 'finalistIds', '0'], code: 'NOT_FOUND' }]);
    // By global id: the competition to the bureaus; a finalist to them, its sender and the finalist.
    const node = async (id: string, token?: string) => (await app.gql(`query($id: ID!) { node(id: $id) { id __typename } }`, { id }, token ? { token } : {})).data.node;
    expect(await node(national, as.admin)).toEqual({ id: national, __typename: 'Competition' });
    expect(await node(national, asEnterprise)).toBeNull();
    expect(await node(fromEnterprise, asEnterprise)).toEqual({ id: fromEnterprise, __typename: 'CompetitionFinalist' });
    expect(await node(fromEnterprise, await app.token(Role.SEEKER, { seeker: worker }))).toMatchObject({ id: fromEnterprise });
    for (const outsider of [asCollege, await app.token(Role.SEEKER, { seeker: student }), as.counsellor, undefined]) expect(await node(fromEnterprise, outsider)).toBeNull();
    expect(await node(fromCollege, asCollege)).toMatchObject({ id: fromCollege });
    const byEnterprise = await claim([fromEnterprise], asEnterprise);
    expect(byEnterprise).toMatchObject({
      subsidyClaims: [{ amount: '5000.00', toEnterprise: '5000.00', toProvider: '0.00', toTrainee: '0.00', lines: [{ kind: 'COMPETITION', payee: 'ENTERPRISE', label: expect.stringContaining('国家级') }], finalist: { id: fromEnterprise }, enrollment: null, course: null }],
      userErrors: [],
    });
    expect((await claim([fromCollege], asCollege)).subsidyClaims).toMatchObject([{ amount: '5000.00', toProvider: '5000.00', lines: [{ payee: 'PROVIDER' }] }]);
    expect((await claim([fromEnterprise], as.admin)).userErrors).toMatchObject([{ code: 'ALREADY_CLAIMED' }]);
    // Claimed at once many times over, a finalist still gets one claim.
    const [racer] = await storeSeekers(db, 1, { region: ZHONGSHAN, status: 'EMPLOYED', groups: [] });
    const [raced] = (await record(national, [{ seekerId: seekerGid(racer), enterpriseId: toGlobalId('Enterprise', enterprise) }])).finalists!;
    const race = await Promise.all(Array.from({ length: 8 }, () => claim([raced.id], asEnterprise)));
    expect(race.filter((r) => r.userErrors.length === 0)).toHaveLength(1);

    // No standard for provincial competitions here: nothing to claim.
    const provincial = await competition({ name: '辽宁省数控技能大赛', level: 'PROVINCE' });
    const [other] = await storeSeekers(db, 1, { region: ZHONGSHAN, status: 'EMPLOYED', groups: [] });
    const [provincialFinalist] = (await record(provincial, [{ seekerId: seekerGid(other), enterpriseId: toGlobalId('Enterprise', enterprise) }])).finalists!;
    expect((await claim([provincialFinalist.id], as.admin)).userErrors).toMatchObject([{ code: 'NOT_CLAIMABLE', message: expect.stringContaining('no COMPETITION standard for PROVINCE') }]);

    // The bureau reviews (no seat, so no seat signals) and pays; the enterprise follows its money.
    const claimId = byEnterprise.subsidyClaims![0].id;
    const reviewed = await gql<{ subsidyClaim: any; userErrors: UserError[] }>(`mutation($input: ReviewSubsidyClaimInput!) { reviewSubsidyClaim(input: $input) { subsidyClaim { status } ${ERRORS} } }`,
      { claimId, decision: 'APPROVE' }, as.admin, 'reviewSubsidyClaim');
    expect(reviewed).toEqual({ subsidyClaim: { status: 'APPROVED' }, userErrors: [] });
    const paid = await gql<{ userErrors: UserError[] }>(`mutation($input: RecordSubsidyPaymentInput!) { recordSubsidyPayment(input: $input) { ${ERRORS} } }`,
      { claimIds: [claimId], paidOn: TODAY, paymentReference: 'COMP-1' }, as.admin, 'recordSubsidyPayment');
    expect(paid.userErrors).toEqual([]);
    const seen = await app.gql(`{ subsidyClaims(filter: { status: PAID }) { totalCount toEnterprise nodes { finalist { competition { name } } } } }`, {}, { token: asEnterprise });
    expect(seen.data.subsidyClaims).toMatchObject({ totalCount: 1, toEnterprise: '5000.00', nodes: [{ finalist: { competition: { name: '全国数控技能大赛' } } }] });
  });
});

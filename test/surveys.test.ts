import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { Enterprise } from '../domain/enterprise/enterprise.entity';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = todayInChina();

const SURVEY_FIELDS = `id regionCode region { name } period title opensOn closesOn closedAt status createdAt`;
const OPEN = `mutation($input: OpenDemandSurveyInput!) { openDemandSurvey(input: $input) { survey { ${SURVEY_FIELDS} } userErrors { field code message } } }`;
const CLOSE = `mutation($input: CloseDemandSurveyInput!) { closeDemandSurvey(input: $input) { survey { ${SURVEY_FIELDS} } userErrors { field code message } } }`;
const SUBMIT = `mutation($input: SubmitPostDemandInput!) {
  submitPostDemand(input: $input) { postDemand { id survey { id period status } } userErrors { field code message } } }`;
const SURVEYS = `query($filter: DemandSurveyFilter) { demandSurveys(filter: $filter, first: 100) { totalCount nodes { id period regionCode status } } }`;
const SUMMARY = `query($id: ID!) { node(id: $id) { ... on DemandSurvey { period summary { lines headcount byOccupation { occupation { code name } skillLevel lines headcount } } } } }`;

describe('a bureau running post-demand survey rounds', () => {
  let app: TestPlatform;
  let port: Enterprise, shenyang: Enterprise;
  const as = {} as Record<'dalianAdmin' | 'shenyangAdmin' | 'liaoningAdmin' | 'port' | 'shenyang' | 'counsellor', string>;

  const open = async (token: string, input: Record<string, unknown>) => {
    const res = await app.gql(OPEN, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.openDemandSurvey;
  };
  const openOk = async (token: string, input: Record<string, unknown>) => {
    const payload = await open(token, input);
    expect(payload.userErrors).toEqual([]);
    return payload.survey;
  };
  const line = (enterprise: Enterprise, surveyId: string | undefined, overrides: Record<string, unknown> = {}) => ({
    enterpriseId: toGlobalId('Enterprise', enterprise.id),
    surveyId,
    occupationCode: '6-18-01-07',
    jobTitle: '数控机床操作工',
    headcount: 4,
    skillLevel: 'SENIOR',
    wageMin: '6000',
    wageMax: '9000',
    regionCode: enterprise.regionCode,
    validUntil: addDays(TODAY, 90),
    ...overrides,
  });
  const submit = async (token: string, input: Record<string, unknown>) => {
    const res = await app.gql(SUBMIT, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.submitPostDemand;
  };
  const counts = async () => {
    const [row] = await app.platform.infrastructure.dataSource.query(
      `SELECT (SELECT count(*) FROM demand_survey)::int AS surveys, (SELECT count(*) FROM post_demand)::int AS lines,
              (SELECT count(*) FROM post_demand_change)::int AS changes, (SELECT count(*) FROM audit_entry)::int AS audit`,
    );
    return row;
  };

  beforeAll(async () => {
    app = await startTestPlatform();
    const repo = app.platform.infrastructure.dataSource.getRepository(Enterprise);
    [port, shenyang] = await repo.save([
      repo.create({ creditCode: '91110108551385082Q', name: '大连港智能装备有限公司', regionCode: '210202', tags: [] }),
      repo.create({ creditCode: '91330100799655058B', name: '沈阳机床数控有限公司', regionCode: '210102', tags: [] }),
    ]);
    as.dalianAdmin = await app.token(Role.ADMIN, { region: '210200' });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: '210100' });
    as.liaoningAdmin = await app.token(Role.ADMIN, { region: '210000' });
    as.port = await app.token(Role.ENTERPRISE, { enterprise: port.id });
    as.shenyang = await app.token(Role.ENTERPRISE, { enterprise: shenyang.id });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
  });
  afterAll(() => app?.stop());

  it('opens a round for a period; it is OPEN between its dates and listed for the region and the regions below', async () => {
    const survey = await openOk(as.dalianAdmin, { regionCode: '210200', period: '2026Q3', title: '大连市2026年第三季度岗位用工需求调查', opensOn: addDays(TODAY, -1), closesOn: addDays(TODAY, 30) });
    expect(survey).toMatchObject({ regionCode: '210200', region: { name: '大连市' }, period: '2026Q3', opensOn: addDays(TODAY, -1), closesOn: addDays(TODAY, 30), closedAt: null, status: 'OPEN' });
    const [audit] = await app.platform.infrastructure.dataSource.query(`SELECT action, actor_role, changes FROM audit_entry WHERE entity_type = 'DemandSurvey'`);
    expect(audit).toMatchObject({ action: 'OPEN_SURVEY', actor_role: 'ADMIN', changes: { period: '2026Q3', regionCode: '210200' } });

    const listed = async (filter: Record<string, unknown>, token = as.port) => {
      const res = await app.gql(SURVEYS, { filter }, { token });
      expect(res.errors).toBeUndefined();
      return res.data.demandSurveys.nodes.map((n: { id: string }) => n.id);
    };
    expect(await listed({ regionCode: '210000' })).toContain(survey.id);
    expect(await listed({ regionCode: '210200', status: 'OPEN' })).toContain(survey.id);
    expect(await listed({ regionCode: '210100' })).not.toContain(survey.id);
    expect(await listed({ status: 'SCHEDULED' })).not.toContain(survey.id);
    // The rounds a line in 中山区 may be submitted to.
    expect(await listed({ coversRegionCode: '210202' })).toContain(survey.id);
    expect(await listed({ coversRegionCode: '210102' })).not.toContain(survey.id);

    const node = await app.gql(`query($id: ID!) { node(id: $id) { id ... on DemandSurvey { period status } } }`, { id: survey.id }, { token: as.counsellor });
    expect(node.data.node).toEqual({ id: survey.id, period: '2026Q3', status: 'OPEN' });
    const anonymous = await app.gql(SURVEYS, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses bad rounds as userErrors naming the field, and writes nothing', async () => {
    const good = { regionCode: '210200', period: '2026Q4', title: '第四季度调查', opensOn: TODAY, closesOn: addDays(TODAY, 20) };
    const before = await counts();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ period: 'Q4-2026' }, 'period', 'INVALID'],
      [{ title: '' }, 'title', 'INVALID'],
      [{ closesOn: addDays(TODAY, -1), opensOn: TODAY }, 'closesOn', 'INVALID'],
      [{ opensOn: addDays(TODAY, -30), closesOn: addDays(TODAY, -1) }, 'closesOn', 'IN_THE_PAST'],
      [{ regionCode: '210100' }, 'regionCode', 'FORBIDDEN'],
      [{ regionCode: '210299' }, 'regionCode', 'NOT_FOUND'],
      [{ period: '2026Q3' }, 'period', 'DUPLICATE'],
    ];
    for (const [overrides, field, code] of cases) {
      const payload = await open(as.dalianAdmin, { ...good, ...overrides });
      expect(payload.survey, JSON.stringify(overrides)).toBeNull();
      expect(payload.userErrors, JSON.stringify(overrides)).toEqual([expect.objectContaining({ field: ['input', field], code })]);
    }
    const enterprise = await app.gql(OPEN, { input: good }, { token: as.port });
    expect(enterprise.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('takes submissions only while a round is open, and only for lines in its region', async () => {
    const scheduled = await openOk(as.dalianAdmin, { regionCode: '210200', period: '2027Q1', title: '2027年第一季度调查', opensOn: addDays(TODAY, 10), closesOn: addDays(TODAY, 40) });
    expect(scheduled.status).toBe('SCHEDULED');
    const [current] = (await app.gql(SURVEYS, { filter: { regionCode: '210200', status: 'OPEN' } }, { token: as.port })).data.demandSurveys.nodes;
    const shenyangRound = await openOk(as.shenyangAdmin, { regionCode: '210100', period: '2026Q3', title: '沈阳市调查', opensOn: TODAY, closesOn: addDays(TODAY, 30) });
    const liaoningRound = await openOk(as.liaoningAdmin, { regionCode: '210000', period: '2026H2', title: '辽宁省下半年调查', opensOn: TODAY, closesOn: addDays(TODAY, 30) });

    const before = await counts();
    const early = await submit(as.port, line(port, scheduled.id));
    expect(early).toEqual({ postDemand: null, userErrors: [expect.objectContaining({ field: ['input', 'surveyId'], code: 'SURVEY_NOT_OPEN' })] });
    const elsewhere = await submit(as.port, line(port, shenyangRound.id));
    expect(elsewhere.userErrors).toEqual([expect.objectContaining({ field: ['input', 'surveyId'], code: 'OUTSIDE_SURVEY_REGION' })]);
    const notASurvey = await submit(as.port, line(port, toGlobalId('Enterprise', port.id)));
    expect(notASurvey.userErrors).toEqual([expect.objectContaining({ field: ['input', 'surveyId'], code: 'INVALID' })]);
    expect(await counts()).toEqual(before);

    const inRound = await submit(as.port, line(port, current.id));
    expect(inRound).toMatchObject({ userErrors: [], postDemand: { survey: { id: current.id, period: '2026Q3', status: 'OPEN' } } });
    // A province-wide round covers a Dalian line; a line outside any round is a standing demand.
    expect((await submit(as.port, line(port, liaoningRound.id))).userErrors).toEqual([]);
    expect(await submit(as.port, line(port, undefined))).toMatchObject({ userErrors: [], postDemand: { survey: null } });
  });

  it('summarises the open lines of a round by occupation and skill level', async () => {
    const round = await openOk(as.dalianAdmin, { regionCode: '210200', period: '2026-10', title: '十月专项调查', opensOn: TODAY, closesOn: addDays(TODAY, 10) });
    const lines = [
      line(port, round.id, { occupationCode: '6-18-01-07', skillLevel: 'SENIOR', headcount: 4 }),
      line(port, round.id, { occupationCode: '6-18-01-07', skillLevel: 'SENIOR', headcount: 6 }),
      line(port, round.id, { occupationCode: '6-18-01-07', skillLevel: 'TECHNICIAN', headcount: 2 }),
      line(port, round.id, { occupationCode: '4-10-01-05', skillLevel: 'JUNIOR', headcount: 30, jobTitle: '养老护理员' }),
      line(port, round.id, { occupationCode: '4-04-05-05', skillLevel: 'JUNIOR', headcount: 7, jobTitle: '数据标注员' }),
    ];
    const ids: string[] = [];
    for (const input of lines) ids.push((await submit(as.port, input)).postDemand.id);
    // A withdrawn line no longer counts.
    const withdrawn = await app.gql(`mutation($id: ID!) { withdrawPostDemand(input: { postDemandId: $id }) { userErrors { code } } }`, { id: ids[4] }, { token: as.port });
    expect(withdrawn.data.withdrawPostDemand.userErrors).toEqual([]);

    const res = await app.gql(SUMMARY, { id: round.id }, { token: as.counsellor });
    expect(res.errors).toBeUndefined();
    expect(res.data.node.summary).toEqual({
      lines: 4,
      headcount: 42,
      byOccupation: [
        { occupation: { code: '4-10-01-05', name: '养老护理员' }, skillLevel: 'JUNIOR', lines: 1, headcount: 30 },
        { occupation: { code: '6-18-01-07', name: '多工序数控机床操作调整工' }, skillLevel: 'SENIOR', lines: 2, headcount: 10 },
        { occupation: { code: '6-18-01-07', name: '多工序数控机床操作调整工' }, skillLevel: 'TECHNICIAN', lines: 1, headcount: 2 },
      ],
    });

    // Summaries of a page of five rounds cost no more queries than of two (the newest, scheduled, and this one).
    const page = await app.gql(`{ demandSurveys(first: 5) { nodes { period summary { lines byOccupation { occupation { name } } } } } }`, {}, { token: as.counsellor });
    const two = await app.gql(`{ demandSurveys(first: 2) { nodes { period summary { lines byOccupation { occupation { name } } } } } }`, {}, { token: as.counsellor });
    expect(page.data.demandSurveys.nodes).toHaveLength(5);
    expect(two.data.demandSurveys.nodes[1].summary.lines).toBeGreaterThan(0);
    expect(page.extensions?.sqlQueries).toBe(two.extensions?.sqlQueries);
  });

  it('closes a round early (ADMIN of a covering region only); a closed round refuses submissions', async () => {
    const round = await openOk(as.dalianAdmin, { regionCode: '210200', period: '2026-11', title: '十一月专项调查', opensOn: TODAY, closesOn: addDays(TODAY, 10) });
    const accepted = await submit(as.port, line(port, round.id));
    expect(accepted.userErrors).toEqual([]);

    const before = await counts();
    const foreign = await app.gql(CLOSE, { input: { surveyId: round.id } }, { token: as.shenyangAdmin });
    expect(foreign.data.closeDemandSurvey).toEqual({ survey: null, userErrors: [expect.objectContaining({ field: ['input', 'surveyId'], code: 'FORBIDDEN' })] });
    const byEnterprise = await app.gql(CLOSE, { input: { surveyId: round.id } }, { token: as.port });
    expect(byEnterprise.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await app.gql(CLOSE, { input: { surveyId: toGlobalId('DemandSurvey', '999999') } }, { token: as.dalianAdmin });
    expect(unknown.data.closeDemandSurvey.userErrors).toEqual([expect.objectContaining({ field: ['input', 'surveyId'], code: 'NOT_FOUND' })]);
    expect(await counts()).toEqual(before);

    const closed = await app.gql(CLOSE, { input: { surveyId: round.id } }, { token: as.liaoningAdmin });
    expect(closed.data.closeDemandSurvey).toMatchObject({ userErrors: [], survey: { id: round.id, status: 'CLOSED' } });
    expect(closed.data.closeDemandSurvey.survey.closedAt).toBeTruthy();
    const again = await app.gql(CLOSE, { input: { surveyId: round.id } }, { token: as.dalianAdmin });
    expect(again.data.closeDemandSurvey.userErrors).toEqual([expect.objectContaining({ field: ['input', 'surveyId'], code: 'ALREADY_CLOSED' })]);

    const afterClose = await counts();
    const refused = await submit(as.port, line(port, round.id));
    expect(refused).toEqual({ postDemand: null, userErrors: [expect.objectContaining({ field: ['input', 'surveyId'], code: 'SURVEY_CLOSED' })] });
    expect(await counts()).toEqual(afterClose);
    // Lines already submitted stay open demand, and the round stays readable with its summary.
    const summary = await app.gql(SUMMARY, { id: round.id }, { token: as.dalianAdmin });
    expect(summary.data.node.summary).toMatchObject({ lines: 1, headcount: 4 });
    const listed = await app.gql(SURVEYS, { filter: { status: 'CLOSED' } }, { token: as.dalianAdmin });
    expect(listed.data.demandSurveys.nodes.map((n: { id: string }) => n.id)).toContain(round.id);
  });

  it('treats a round as closed the day after closesOn, in China\'s calendar', async () => {
    const ds = app.platform.infrastructure.dataSource;
    const [row] = await ds.query(
      `INSERT INTO demand_survey (region_code, period, title, opens_on, closes_on) VALUES ('210200', '2025Q4', '已过期的调查', $1, $2) RETURNING id::text`,
      [addDays(TODAY, -40), addDays(TODAY, -1)],
    );
    const id = toGlobalId('DemandSurvey', row.id);
    const read = await app.gql(`query($id: ID!) { node(id: $id) { ... on DemandSurvey { status closedAt } } }`, { id }, { token: as.port });
    expect(read.data.node).toEqual({ status: 'CLOSED', closedAt: null });
    const refused = await submit(as.port, line(port, id));
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'surveyId'], code: 'SURVEY_CLOSED' })]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { expirePostDemands, PostDemandService } from '../domain/demand/post-demand.service';
import { Enterprise } from '../domain/enterprise/enterprise.entity';
import { toGlobalId } from '../schema/common/node';
import { SearchEngine } from '../search/engine';
import { Role } from '../server/auth';
import { createLogger } from '../server/logger';
import { addOccupationAlias, startTestPlatform, type TestPlatform } from './harness';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = todayInChina();
const NEXT_MONTH = addDays(TODAY, 30);

const LINE_FIELDS = `id occupationCode occupation { code name } enterprise { name creditCode } region { code name } survey { id }
  jobTitle headcount skillLevel wageMin wageMax regionCode tasks validUntil status source externalId createdAt updatedAt`;

const SUBMIT = `mutation($input: SubmitPostDemandInput!) {
  submitPostDemand(input: $input) { postDemand { ${LINE_FIELDS} } userErrors { field code message } } }`;
const UPDATE = `mutation($input: UpdatePostDemandInput!) {
  updatePostDemand(input: $input) { postDemand { ${LINE_FIELDS} } userErrors { field code message } } }`;
const WITHDRAW = `mutation($input: WithdrawPostDemandInput!) {
  withdrawPostDemand(input: $input) { postDemand { id status } userErrors { field code message } } }`;
const LIST = `query($query: String, $filter: PostDemandFilter, $first: Int) {
  postDemands(query: $query, filter: $filter, first: $first) { totalCount nodes { id jobTitle regionCode status occupationCode } } }`;

describe('enterprises declaring post demand, and staff finding it', () => {
  let app: TestPlatform;
  /** 大连 中山区, 大连 甘井子区, 沈阳 和平区 */
  let port: Enterprise, software: Enterprise, shenyang: Enterprise;
  const as = {} as Record<'port' | 'software' | 'shenyang' | 'dalianAdmin' | 'shenyangAdmin' | 'liaoningAdmin' | 'counsellor' | 'agency' | 'seeker', string>;

  const gid = (e: Enterprise) => toGlobalId('Enterprise', e.id);
  const lineInput = (enterprise: Enterprise, overrides: Record<string, unknown> = {}) => ({
    enterpriseId: gid(enterprise),
    occupationCode: '4-04-05-05',
    jobTitle: '数据标注专员',
    headcount: 5,
    skillLevel: 'JUNIOR',
    wageMin: '4500',
    wageMax: '6000.5',
    regionCode: enterprise.regionCode,
    tasks: '图像与语音数据的采集、清洗与标注',
    validUntil: NEXT_MONTH,
    ...overrides,
  });
  const submit = async (token: string, input: Record<string, unknown>) => {
    const res = await app.gql(SUBMIT, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.submitPostDemand;
  };
  const submitOk = async (token: string, input: Record<string, unknown>) => {
    const payload = await submit(token, input);
    expect(payload.userErrors).toEqual([]);
    return payload.postDemand;
  };
  /** Rows every write adds (outbox rows by their sequence, since the worker deletes them); a refused write must add none. */
  const writes = async () => {
    const [row] = await app.platform.infrastructure.dataSource.query(
      `SELECT (SELECT count(*) FROM post_demand)::int AS lines,
              (SELECT count(*) FROM post_demand_change)::int AS changes,
              (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM search_outbox_id_seq)::int AS outbox,
              (SELECT count(*) FROM audit_entry WHERE entity_type = 'PostDemand')::int AS audit,
              (SELECT coalesce(max(version), 0) FROM post_demand)::int AS version`,
    );
    return row;
  };

  beforeAll(async () => {
    app = await startTestPlatform();
    const repo = app.platform.infrastructure.dataSource.getRepository(Enterprise);
    [port, software, shenyang] = await repo.save([
      repo.create({ creditCode: '91110108551385082Q', name: '大连港智能装备有限公司', regionCode: '210202', tags: [] }),
      repo.create({ creditCode: '9144030071526726XG', name: '甘井子软件信息技术有限公司', regionCode: '210211', tags: [] }),
      repo.create({ creditCode: '91330100799655058B', name: '沈阳机床数控有限公司', regionCode: '210102', tags: [] }),
    ]);
    as.port = await app.token(Role.ENTERPRISE, { enterprise: port.id });
    as.software = await app.token(Role.ENTERPRISE, { enterprise: software.id });
    as.shenyang = await app.token(Role.ENTERPRISE, { enterprise: shenyang.id });
    as.dalianAdmin = await app.token(Role.ADMIN, { region: '210200' });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: '210100' });
    as.liaoningAdmin = await app.token(Role.ADMIN, { region: '210000' });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    as.agency = await app.token(Role.AGENCY, { region: '210200' });
    as.seeker = await app.token(Role.SEEKER);
    await app.settle();
  });
  afterAll(() => app?.stop());

  it('an enterprise submits a line and reads it back with its occupation, enterprise and region', async () => {
    const before = await writes();
    const line = await submitOk(as.port, lineInput(port));
    expect(line).toMatchObject({
      occupationCode: '4-04-05-05',
      occupation: { code: '4-04-05-05', name: '人工智能训练师' },
      enterprise: { name: '大连港智能装备有限公司', creditCode: '91110108551385082Q' },
      region: { code: '210202', name: '中山区' },
      survey: null,
      jobTitle: '数据标注专员',
      headcount: 5,
      skillLevel: 'JUNIOR',
      wageMin: '4500.00',
      wageMax: '6000.50',
      validUntil: NEXT_MONTH,
      status: 'OPEN',
      source: null,
      externalId: null,
    });
    // One transaction wrote the line, its change-feed row, its outbox row and its audit entry.
    expect(await writes()).toMatchObject({ lines: before.lines + 1, changes: before.changes + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
    const dbId = Buffer.from(line.id, 'base64url').toString().split(':')[1];
    const [change] = await app.platform.infrastructure.dataSource.query('SELECT kind FROM post_demand_change WHERE post_demand_id = $1', [dbId]);
    expect(change.kind).toBe('CREATED');
    const [audit] = await app.platform.infrastructure.dataSource.query(`SELECT action, actor_role, changes FROM audit_entry WHERE entity_type = 'PostDemand' AND entity_id = $1`, [dbId]);
    expect(audit).toMatchObject({ action: 'SUBMIT', actor_role: 'ENTERPRISE', changes: { headcount: 5, wageMin: '4500.00' } });

    const read = await app.gql(`query($id: ID!) { postDemand(id: $id) { id jobTitle status } node(id: $id) { id ... on PostDemand { headcount } } }`, { id: line.id }, { token: as.port });
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ postDemand: { id: line.id, jobTitle: '数据标注专员', status: 'OPEN' }, node: { id: line.id, headcount: 5 } });
  });

  it('a bureau (ADMIN of the region) submits for an enterprise of its region, but not in another region', async () => {
    const line = await submitOk(as.dalianAdmin, lineInput(software, { jobTitle: '软件测试工程师', occupationCode: '4-04-05-02' }));
    expect(line.enterprise.name).toBe('甘井子软件信息技术有限公司');

    const before = await writes();
    const outside = await submit(as.dalianAdmin, lineInput(software, { regionCode: '210102' }));
    expect(outside).toEqual({ postDemand: null, userErrors: [expect.objectContaining({ field: ['input', 'regionCode'], code: 'FORBIDDEN' })] });
    const foreign = await submit(as.shenyangAdmin, lineInput(software));
    expect(foreign.userErrors).toEqual([expect.objectContaining({ field: ['input', 'enterpriseId'], code: 'FORBIDDEN' })]);
    expect(await writes()).toEqual(before);
  });

  it("never lets an enterprise, or an ADMIN of another region, touch another enterprise's lines", async () => {
    const line = await submitOk(as.port, lineInput(port, { jobTitle: '港口AI质检员' }));
    const before = await writes();

    const submitForOther = await submit(as.software, lineInput(port));
    expect(submitForOther).toEqual({ postDemand: null, userErrors: [expect.objectContaining({ field: ['input', 'enterpriseId'], code: 'FORBIDDEN' })] });

    for (const token of [as.software, as.shenyangAdmin]) {
      const update = await app.gql(UPDATE, { input: { postDemandId: line.id, headcount: 99 } }, { token });
      expect(update.data.updatePostDemand).toEqual({ postDemand: null, userErrors: [expect.objectContaining({ field: ['input', 'postDemandId'], code: 'FORBIDDEN' })] });
      const withdraw = await app.gql(WITHDRAW, { input: { postDemandId: line.id } }, { token });
      expect(withdraw.data.withdrawPostDemand).toEqual({ postDemand: null, userErrors: [expect.objectContaining({ field: ['input', 'postDemandId'], code: 'FORBIDDEN' })] });
    }
    expect(await writes()).toEqual(before);

    // Roles that never write demand are refused before anything runs.
    const counsellor = await app.gql(SUBMIT, { input: lineInput(port) }, { token: as.counsellor });
    expect(counsellor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(SUBMIT, { input: lineInput(port) });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await writes()).toEqual(before);

    // The ADMIN of the enterprise's region may.
    const byAdmin = await app.gql(UPDATE, { input: { postDemandId: line.id, headcount: 8 } }, { token: as.dalianAdmin });
    expect(byAdmin.data.updatePostDemand).toMatchObject({ postDemand: { headcount: 8 }, userErrors: [] });
  });

  it('shows each reader only the lines it may read', async () => {
    const own = await submitOk(as.shenyang, lineInput(shenyang, { jobTitle: '数控车床操作工', occupationCode: '6-18-01-07', skillLevel: 'SENIOR' }));
    const ids = async (token: string | undefined, filter: Record<string, unknown> = {}) => {
      const res = await app.gql(LIST, { filter, first: 100 }, token ? { token } : {});
      return res;
    };
    const nodeIds = (res: any) => res.data.postDemands.nodes.map((n: { id: string }) => n.id);

    expect(nodeIds(await ids(as.shenyang))).toEqual([own.id]);
    expect(nodeIds(await ids(as.shenyangAdmin))).toContain(own.id);
    for (const token of [as.dalianAdmin, as.counsellor, as.agency, as.port]) {
      const res = await ids(token);
      expect(res.errors).toBeUndefined();
      expect(nodeIds(res)).not.toContain(own.id);
    }
    // Everything the port company sees is its own.
    const portLines = await app.gql(`{ postDemands(first: 100) { nodes { enterprise { creditCode } } } }`, {}, { token: as.port });
    expect(new Set(portLines.data.postDemands.nodes.map((n: any) => n.enterprise.creditCode))).toEqual(new Set(['91110108551385082Q']));

    // By id: NOT_FOUND rather than "exists but not yours"; node(id) is null.
    const byId = await app.gql(`query($id: ID!) { postDemand(id: $id) { id } }`, { id: own.id }, { token: as.port });
    expect(byId.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['id'] });
    const node = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: own.id }, { token: as.dalianAdmin });
    expect(node.data.node).toBeNull();
    const liaoning = await app.gql(`query($id: ID!) { postDemand(id: $id) { id } }`, { id: own.id }, { token: as.liaoningAdmin });
    expect(liaoning.data.postDemand.id).toBe(own.id);

    expect((await ids(undefined)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ids(as.seeker)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses every bad field as a userError naming it, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ headcount: 0 }, 'headcount', 'INVALID'],
      [{ headcount: 100_001 }, 'headcount', 'INVALID'],
      [{ wageMin: '9000', wageMax: '8000' }, 'wageMax', 'INVALID'],
      [{ wageMin: '-1.00' }, 'wageMin', 'INVALID'],
      [{ validUntil: addDays(TODAY, -1) }, 'validUntil', 'IN_THE_PAST'],
      [{ regionCode: '219999' }, 'regionCode', 'NOT_FOUND'],
      [{ regionCode: '2102' }, 'regionCode', 'INVALID'],
      [{ occupationCode: '4-99-99-99' }, 'occupationCode', 'NOT_FOUND'],
      [{ occupationCode: '4040505' }, 'occupationCode', 'INVALID'],
      [{ jobTitle: '   ' }, 'jobTitle', 'INVALID'],
      [{ tasks: '很'.repeat(2001) }, 'tasks', 'INVALID'],
      [{ enterpriseId: toGlobalId('Enterprise', '999999') }, 'enterpriseId', 'NOT_FOUND'],
      [{ enterpriseId: 'not-an-id' }, 'enterpriseId', 'INVALID'],
      [{ surveyId: toGlobalId('DemandSurvey', '999999') }, 'surveyId', 'NOT_FOUND'],
    ];
    const before = await writes();
    for (const [overrides, field, code] of cases) {
      const payload = await submit(as.port, lineInput(port, overrides));
      expect(payload.postDemand, JSON.stringify(overrides)).toBeNull();
      expect(payload.userErrors, JSON.stringify(overrides)).toEqual([expect.objectContaining({ field: ['input', field], code })]);
    }
    // Several problems at once are all reported.
    const many = await submit(as.port, lineInput(port, { headcount: 0, wageMin: '10', wageMax: '5', validUntil: '2000-01-01' }));
    expect(many.userErrors.map((e: { field: string[] }) => e.field[1]).sort()).toEqual(['headcount', 'validUntil', 'wageMax']);
    // A value that is not even of the declared type never reaches the rules.
    const notADate = await app.gql(SUBMIT, { input: lineInput(port, { validUntil: '2026-02-30' }) }, { token: as.port });
    expect(notADate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // An update is held to the same rules.
    const line = await submitOk(as.port, lineInput(port, { jobTitle: '标注组长' }));
    const afterSubmit = await writes();
    const bad = await app.gql(UPDATE, { input: { postDemandId: line.id, headcount: 0, wageMax: '1.00' } }, { token: as.port });
    expect(bad.data.updatePostDemand.userErrors.map((e: { field: string[] }) => e.field)).toEqual([['input', 'headcount'], ['input', 'wageMax']]);
    expect(await writes()).toEqual(afterSubmit);
    expect(afterSubmit).toMatchObject({ lines: before.lines + 1, changes: before.changes + 1, audit: before.audit + 1 });
  });

  it('accepts a 2015-edition code only through the mapping table', async () => {
    const refused = await submit(as.port, lineInput(port, { occupationCode: '2-02-10-09' }));
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'occupationCode'], code: 'NOT_FOUND' })]);
    await app.platform.infrastructure.dataSource.query(`INSERT INTO occupation_code_mapping (old_code, edition, new_code) VALUES ('2-02-10-09', 2015, '2-02-38-01')`);
    const line = await submitOk(as.port, lineInput(port, { occupationCode: '2-02-10-09', jobTitle: '算法工程师' }));
    expect(line.occupation).toEqual({ code: '2-02-38-01', name: '人工智能工程技术人员' });
  });

  it('updates a line with a diff in the audit trail, and an unchanged update writes nothing', async () => {
    const line = await submitOk(as.port, lineInput(port, { jobTitle: '语音标注员' }));
    const dbId = Buffer.from(line.id, 'base64url').toString().split(':')[1];
    const res = await app.gql(UPDATE, { input: { postDemandId: line.id, headcount: 12, wageMax: '7000', tasks: null } }, { token: as.port });
    expect(res.data.updatePostDemand).toMatchObject({ userErrors: [], postDemand: { headcount: 12, wageMax: '7000.00', tasks: null, jobTitle: '语音标注员' } });
    const [audit] = await app.platform.infrastructure.dataSource.query(
      `SELECT changes FROM audit_entry WHERE entity_type = 'PostDemand' AND entity_id = $1 AND action = 'UPDATE'`,
      [dbId],
    );
    expect(audit.changes).toEqual({
      headcount: { from: 5, to: 12 },
      wageMax: { from: '6000.50', to: '7000.00' },
      tasks: { from: '图像与语音数据的采集、清洗与标注', to: null },
    });
    const kinds = await app.platform.infrastructure.dataSource.query('SELECT kind FROM post_demand_change WHERE post_demand_id = $1 ORDER BY id', [dbId]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['CREATED', 'UPDATED']);

    const before = await writes();
    const same = await app.gql(UPDATE, { input: { postDemandId: line.id, headcount: 12, wageMax: '7000.00' } }, { token: as.port });
    expect(same.data.updatePostDemand.userErrors).toEqual([]);
    expect(await writes()).toEqual(before);
  });

  it('finds demand by an occupation alias, by job title and by enterprise name', async () => {
    const annotator = await submitOk(as.software, lineInput(software, { jobTitle: '数据处理专员', tasks: '为大模型整理语料' }));
    await app.settle();
    const search = async (query: string, filter: Record<string, unknown> = {}) => {
      const res = await app.gql(LIST, { query, filter, first: 50 }, { token: as.dalianAdmin });
      expect(res.errors, query).toBeUndefined();
      return res.data.postDemands.nodes.map((n: { id: string }) => n.id);
    };
    // 数标员 is a colloquial name of 人工智能训练师 (4-04-05-05): it appears nowhere in the line itself.
    expect(await search('数标员')).toContain(annotator.id);
    expect(await search('AI训练师')).toContain(annotator.id);
    expect(await search('数据处理专员')).toContain(annotator.id);
    expect(await search('甘井子软件')).toContain(annotator.id);
    expect(await search('大模型语料')).toContain(annotator.id);
    expect(await search('养老护理')).not.toContain(annotator.id);
    // An alias staff add later reaches the line: its document is rebuilt with the occupation's aliases.
    expect(await search('炼丹师')).not.toContain(annotator.id);
    await addOccupationAlias(app, '4-04-05-05', '炼丹师');
    expect(await search('炼丹师')).toContain(annotator.id);
    // Meilisearch answered all of these, not the PostgreSQL fallback.
    expect(app.logs.filter((l) => l.includes('post-demand search unavailable'))).toEqual([]);
  });

  it('still answers a full-text query from PostgreSQL when Meilisearch is unreachable', async () => {
    const { dataSource } = app.platform.infrastructure;
    const offline = new PostDemandService(dataSource, new SearchEngine({ url: 'http://127.0.0.1:9', indexPrefix: app.indexPrefix }), createLogger('error'));
    const principal = { subject: 'test', role: Role.ADMIN, regionCode: '210200', authenticatedBy: 'TOKEN' as const };
    const byAlias = await offline.find(principal, '数标员', {}, 0, 50);
    expect(byAlias.degraded).toBe(true);
    expect(byAlias.items.length).toBeGreaterThan(0);
    expect(byAlias.items.every((l) => l.occupationCode === '4-04-05-05')).toBe(true);
    const byEnterprise = await offline.find(principal, '甘井子软件', {}, 0, 50);
    expect(byEnterprise.items.length).toBeGreaterThan(0);
    expect(byEnterprise.items.every((l) => l.enterpriseId === software.id)).toBe(true);
  });

  it('filters by region including every region below it, by occupation, enterprise, chain and skill level', async () => {
    const cnc = await submitOk(as.port, lineInput(port, { jobTitle: '数控机床操作调整工', occupationCode: '6-18-01-07', skillLevel: 'SENIOR', regionCode: '210202' }));
    const cncJunior = await submitOk(as.software, lineInput(software, { jobTitle: '数控车床学徒', occupationCode: '6-18-01-07', skillLevel: 'JUNIOR', regionCode: '210211' }));
    const cncTechnician = await submitOk(as.software, lineInput(software, { jobTitle: '数控技师', occupationCode: '6-18-01-07', skillLevel: 'TECHNICIAN', regionCode: '210213' }));
    const cncShenyang = await submitOk(as.shenyang, lineInput(shenyang, { jobTitle: '数控编程员', occupationCode: '6-18-01-07', skillLevel: 'SENIOR', regionCode: '210102' }));
    await app.settle();

    const find = async (token: string, query: string | undefined, filter: Record<string, unknown>) => {
      const res = await app.gql(LIST, { query, filter, first: 100 }, { token });
      expect(res.errors).toBeUndefined();
      return res.data.postDemands.nodes.map((n: { id: string }) => n.id);
    };
    for (const query of [undefined, '数控']) {
      // Dalian (210200) includes its districts 中山区 210202, 甘井子区 210211, 金州区 210213; not Shenyang.
      const dalian = await find(as.liaoningAdmin, query, { regionCode: '210200', occupationCode: '6-18-01-07' });
      expect(dalian, query).toEqual(expect.arrayContaining([cnc.id, cncJunior.id, cncTechnician.id]));
      expect(dalian, query).not.toContain(cncShenyang.id);
      const liaoning = await find(as.liaoningAdmin, query, { regionCode: '210000', occupationCode: '6-18-01-07' });
      expect(liaoning, query).toEqual(expect.arrayContaining([cnc.id, cncJunior.id, cncTechnician.id, cncShenyang.id]));
      const district = await find(as.liaoningAdmin, query, { regionCode: '210211', occupationCode: '6-18-01-07' });
      expect(district, query).toEqual([cncJunior.id]);
      // The example: 数控 in Dalian, SENIOR or above, open.
      const senior = await find(as.counsellor, query, { regionCode: '210200', minSkillLevel: 'SENIOR', status: 'OPEN', occupationCode: '6-18-01-07' });
      // (The demo data has a SENIOR CNC line in Dalian too.)
      expect(senior, query).toEqual(expect.arrayContaining([cnc.id, cncTechnician.id]));
      expect(senior, query).not.toContain(cncJunior.id);
      // A Dalian counsellor asking for all of Liaoning still sees only Dalian.
      const scoped = await find(as.counsellor, query, { regionCode: '210000', occupationCode: '6-18-01-07' });
      expect(scoped, query).not.toContain(cncShenyang.id);
      expect(await find(as.counsellor, query, { regionCode: '210100' }), query).toEqual([]);
      const bySoftware = await find(as.dalianAdmin, query, { enterpriseId: gid(software), occupationCode: '6-18-01-07' });
      expect(new Set(bySoftware), query).toEqual(new Set([cncJunior.id, cncTechnician.id]));
    }

    // A skill-ecosystem chain with the port company as a member.
    const ds = app.platform.infrastructure.dataSource;
    const [chain] = await ds.query(`INSERT INTO skill_chain (name, region_code, leader_enterprise_id) VALUES ('大连数控装备技能生态链', '210200', $1) RETURNING id::text`, [shenyang.id]);
    await ds.query(`INSERT INTO skill_chain_member (chain_id, kind, credit_code, name, enterprise_id) VALUES ($1, 'ENTERPRISE', $2, $3, $4)`, [
      chain.id,
      port.creditCode,
      port.name,
      port.id,
    ]);
    for (const query of [undefined, '数控']) {
      const inChain = await find(as.dalianAdmin, query, { chainId: toGlobalId('SkillChain', chain.id), occupationCode: '6-18-01-07' });
      expect(inChain, query).toEqual([cnc.id]);
    }

    expect(app.logs.filter((l) => l.includes('post-demand search unavailable'))).toEqual([]);

    const badRegion = await app.gql(LIST, { filter: { regionCode: '21' } }, { token: as.dalianAdmin });
    expect(badRegion.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'regionCode'] });
    const badChain = await app.gql(LIST, { filter: { chainId: gid(port) } }, { token: as.dalianAdmin });
    expect(badChain.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'chainId'] });
  });

  it('a withdrawn line leaves search and open lists at once, and stays readable as WITHDRAWN', async () => {
    const line = await submitOk(as.port, lineInput(port, { jobTitle: '智能客服训练专员' }));
    await app.settle();
    const search = async (filter: Record<string, unknown> = {}) =>
      (await app.gql(LIST, { query: '智能客服训练专员', filter, first: 20 }, { token: as.dalianAdmin })).data.postDemands.nodes.map((n: { id: string }) => n.id);
    expect(await search()).toContain(line.id);

    const before = await writes();
    const res = await app.gql(WITHDRAW, { input: { postDemandId: line.id } }, { token: as.port });
    expect(res.data.withdrawPostDemand).toEqual({ postDemand: { id: line.id, status: 'WITHDRAWN' }, userErrors: [] });
    expect(await writes()).toMatchObject({ changes: before.changes + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
    // Even before the index caught up, PostgreSQL re-checks every page.
    expect(await search()).not.toContain(line.id);
    await app.settle();
    expect(await search()).not.toContain(line.id);
    const index = app.platform.infrastructure.search.index('postDemands');
    const [hit] = await index.search('智能客服训练专员', { filter: 'status = "WITHDRAWN"' }).then((r) => r.hits);
    // Searches display the key only; the document route shows the whole document.
    expect(Object.keys(hit)).toEqual(['id']);
    expect(await index.getDocument(hit.id)).toMatchObject({ status: 'WITHDRAWN' });

    const read = await app.gql(`query($id: ID!) { postDemand(id: $id) { status jobTitle } }`, { id: line.id }, { token: as.port });
    expect(read.data.postDemand).toEqual({ status: 'WITHDRAWN', jobTitle: '智能客服训练专员' });
    expect(await search({ status: 'WITHDRAWN' })).toContain(line.id);
    const listed = await app.gql(LIST, { filter: { status: 'WITHDRAWN' }, first: 100 }, { token: as.port });
    expect(listed.data.postDemands.nodes.map((n: { id: string }) => n.id)).toContain(line.id);

    // Withdrawing again changes nothing; a withdrawn line can no longer be changed.
    const afterWithdraw = await writes();
    const again = await app.gql(WITHDRAW, { input: { postDemandId: line.id } }, { token: as.port });
    expect(again.data.withdrawPostDemand).toEqual({ postDemand: { id: line.id, status: 'WITHDRAWN' }, userErrors: [] });
    const update = await app.gql(UPDATE, { input: { postDemandId: line.id, headcount: 3 } }, { token: as.port });
    expect(update.data.updatePostDemand.userErrors).toEqual([expect.objectContaining({ field: ['input', 'postDemandId'], code: 'NOT_OPEN' })]);
    expect(await writes()).toEqual(afterWithdraw);
  });

  it('expires lines past their valid-until date: out of open lists at once, EXPIRED with a change-feed row after the expiry step', async () => {
    const line = await submitOk(as.port, lineInput(port, { jobTitle: '过期测试岗位', validUntil: TODAY }));
    await app.settle();
    const dbId = Buffer.from(line.id, 'base64url').toString().split(':')[1];
    const ds = app.platform.infrastructure.dataSource;
    // Time passes: the line's last day was yesterday.
    await ds.query(`UPDATE post_demand SET valid_until = $2 WHERE id = $1`, [dbId, addDays(TODAY, -1)]);
    const read = async () => (await app.gql(`query($id: ID!) { postDemand(id: $id) { status } }`, { id: line.id }, { token: as.port })).data.postDemand.status;
    const open = async (query?: string) =>
      (await app.gql(LIST, { query, first: 100 }, { token: as.port })).data.postDemands.nodes.map((n: { id: string }) => n.id);
    expect(await read()).toBe('EXPIRED');
    expect(await open()).not.toContain(line.id);
    expect(await open('过期测试岗位')).not.toContain(line.id);

    expect(await expirePostDemands(ds)).toBe(1);
    expect(await expirePostDemands(ds)).toBe(0);
    const [row] = await ds.query('SELECT status FROM post_demand WHERE id = $1', [dbId]);
    expect(row.status).toBe('EXPIRED');
    const kinds = await ds.query('SELECT kind FROM post_demand_change WHERE post_demand_id = $1 ORDER BY id', [dbId]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['CREATED', 'EXPIRED']);
    await app.settle();
    const hits = await app.platform.infrastructure.search.index('postDemands').search('过期测试岗位', { filter: 'status = "OPEN"' });
    expect(hits.hits).toEqual([]);
    const expired = await app.gql(LIST, { filter: { status: 'EXPIRED' }, first: 100 }, { token: as.port });
    expect(expired.data.postDemands.nodes.map((n: { id: string }) => n.id)).toContain(line.id);
  });

  it('costs the same number of SQL queries for 100 lines as for 10, with enterprise, occupation and region selected', async () => {
    const ds = app.platform.infrastructure.dataSource;
    // 120 lines over three enterprises, several occupations and districts.
    const occupations = ['4-04-05-05', '6-18-01-07', '4-10-01-05', '6-31-01-03', '4-02-07-08'];
    const regions = ['210202', '210203', '210204', '210211', '210212', '210213'];
    const enterprises = [port.id, software.id];
    await ds.query(
      `INSERT INTO post_demand (enterprise_id, occupation_code, job_title, headcount, skill_level, wage_min, wage_max, region_code, valid_until, version)
       SELECT ($1::bigint[])[1 + i % 2], ($2::text[])[1 + i % 5], '批量岗位' || i, 1 + i % 7, 'INTERMEDIATE', 4000, 6000, ($3::text[])[1 + i % 6], $4::date, 1
         FROM generate_series(1, 120) AS i`,
      [enterprises, occupations, regions, NEXT_MONTH],
    );
    const query = `query($n: Int) { postDemands(first: $n) { totalCount nodes { id jobTitle status enterprise { name creditCode } occupation { code name } region { code name } } } }`;
    const small = await app.gql(query, { n: 10 }, { token: as.dalianAdmin });
    const large = await app.gql(query, { n: 100 }, { token: as.dalianAdmin });
    expect(large.errors).toBeUndefined();
    expect(small.data.postDemands.nodes).toHaveLength(10);
    expect(large.data.postDemands.nodes).toHaveLength(100);
    expect(new Set(large.data.postDemands.nodes.map((n: any) => n.region.code)).size).toBeGreaterThan(1);
    expect(large.extensions?.sqlQueries).toBe(small.extensions?.sqlQueries);
    expect(large.extensions?.sqlQueries).toBeLessThanOrEqual(6);
  });
});

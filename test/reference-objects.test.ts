import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdNumber } from './fixtures/identity';
import { Role } from '../server/auth';
import { creditCode } from './fixtures/sync-items';
import { startTestPlatform, type TestPlatform } from './harness';

/** GB/T 2260 names of the regions the demo data and these tests use. */
const NAMES: Record<string, string> = {
  '210200': '大连市',
  '210202': '中山区',
  '210204': '沙河口区',
  '210211': '甘井子区',
  '210212': '旅顺口区',
  '210213': '金州区',
  '210214': '普兰店区',
  '210281': '瓦房店市',
  '210283': '庄河市',
};
const regionOf = (code: string) => ({ code, name: NAMES[code] });

const idNumber = residentIdNumber;
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

const REGISTER_ENTERPRISE = `mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input) { enterprise { id } userErrors { field code message } } }`;
const REGISTER_SEEKER = `mutation($input: RegisterJobSeekerInput!) {
  registerJobSeeker(input: $input) { jobSeeker { id regionCode region { code name } homeRegionCode homeRegion { code name } } userErrors { field code message } } }`;

describe('references are objects next to their region codes', () => {
  let app: TestPlatform;
  const as = {} as Record<'admin' | 'counsellor', string>;

  beforeAll(async () => {
    app = await startTestPlatform();
    as.admin = await app.token(Role.ADMIN);
    as.counsellor = await app.token(Role.COUNSELLOR);
  }, 120_000);
  afterAll(() => app?.stop());

  it('Enterprise.region is the region of regionCode, in a list and alone', async () => {
    const list = await app.gql(`{ enterprises(first: 100) { nodes { creditCode regionCode region { code name } } } }`, {}, { token: as.admin });
    expect(list.errors).toBeUndefined();
    const nodes: { creditCode: string; regionCode: string; region: { code: string; name: string } }[] = list.data.enterprises.nodes;
    expect(nodes.length).toBeGreaterThanOrEqual(5);
    for (const e of nodes) expect(e.region, e.creditCode).toEqual(regionOf(e.regionCode));
    // Demo enterprises in four different regions.
    expect(nodes.find((e) => e.creditCode === '91210200241288881A')?.region).toEqual({ code: '210200', name: '大连市' });
    expect(nodes.find((e) => e.creditCode === '91210213MA0TQ2J517')?.region).toEqual({ code: '210213', name: '金州区' });
    expect(nodes.find((e) => e.creditCode === '91210242MA10B3R665')?.region).toEqual({ code: '210281', name: '瓦房店市' });

    const one = await app.gql(`{ enterprise(creditCode: "91210200MA0XK7P02U") { regionCode region { code name } } }`, {}, { token: as.counsellor });
    expect(one.errors).toBeUndefined();
    expect(one.data.enterprise).toEqual({ regionCode: '210204', region: { code: '210204', name: '沙河口区' } });
  });

  it('IndustrialCluster.region is the region the clusters belong to, also through an enterprise', async () => {
    const res = await app.gql(`{ industrialClusters(regionCode: "210200") { name regionCode region { code name } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.industrialClusters.length).toBeGreaterThan(0);
    for (const c of res.data.industrialClusters) expect(c.region, c.name).toEqual({ code: '210200', name: '大连市' });

    const through = await app.gql(`{ enterprise(creditCode: "91210213MA0TQ2J517") { clusters { name region { code name } } } }`, {}, { token: as.admin });
    expect(through.errors).toBeUndefined();
    expect(through.data.enterprise.clusters).toEqual([{ name: '高端装备', region: { code: '210200', name: '大连市' } }]);
  });

  it('SkillChain.region is the region the chain was built in', async () => {
    const leader = (await app.gql(`{ enterprise(creditCode: "91210213MA0TQ2J517") { id } }`, {}, { token: as.admin })).data.enterprise;
    const created = await app.gql(
      `mutation($input: CreateSkillChainInput!) { createSkillChain(input: $input) { skillChain { regionCode region { code name } } userErrors { field code } } }`,
      { input: { name: '金州数控技能生态链', regionCode: '210213', leaderEnterpriseId: leader.id } },
      { token: as.admin },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createSkillChain).toEqual({ userErrors: [], skillChain: { regionCode: '210213', region: { code: '210213', name: '金州区' } } });

    const list = await app.gql(`{ skillChains(filter: { regionCode: "210200" }) { nodes { name regionCode region { code name } } } }`, {}, { token: as.counsellor });
    expect(list.errors).toBeUndefined();
    const chains: { name: string; regionCode: string; region: unknown }[] = list.data.skillChains.nodes;
    expect(chains.map((c) => c.regionCode).sort()).toEqual(['210200', '210213']);
    for (const c of chains) expect(c.region, c.name).toEqual(regionOf(c.regionCode));
  });

  it('RegionPolicy.region is the region the policy is set for', async () => {
    const res = await app.gql(
      `mutation($input: SetRegionPolicyInput!) { setRegionPolicy(input: $input) { regionPolicy { regionCode maxShortageUpliftPercent region { code name } } userErrors { field code } } }`,
      { input: { regionCode: '210211', maxShortageUpliftPercent: '8.00' } },
      { token: as.admin },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.setRegionPolicy).toEqual({
      userErrors: [],
      regionPolicy: { regionCode: '210211', maxShortageUpliftPercent: '8.00', region: { code: '210211', name: '甘井子区' } },
    });
  });

  it('JobSeeker.homeRegion is the household registration region beside region, null without one', async () => {
    const seeker = (serial: string, phone: string, regionCode: string, homeRegionCode?: string) => ({
      name: `测试${serial}`,
      idNumber: idNumber('19950101', serial),
      phone,
      regionCode,
      ...(homeRegionCode ? { homeRegionCode } : {}),
      educationLevel: 'BACHELOR',
      employmentStatus: 'UNEMPLOYED',
      targetOccupationCodes: ['4-04-05-05'],
      groups: [],
      consent: true,
    });
    const registered = await app.gql(REGISTER_SEEKER, { input: seeker('301', '13800000301', '210202', '210283') }, { token: as.counsellor });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerJobSeeker.userErrors).toEqual([]);
    const withHome = registered.data.registerJobSeeker.jobSeeker;
    expect(withHome).toMatchObject({ region: { code: '210202', name: '中山区' }, homeRegionCode: '210283', homeRegion: { code: '210283', name: '庄河市' } });

    const noHome = await app.gql(REGISTER_SEEKER, { input: seeker('302', '13800000302', '210204') }, { token: as.counsellor });
    expect(noHome.errors).toBeUndefined();
    expect(noHome.data.registerJobSeeker.jobSeeker).toMatchObject({ region: { code: '210204', name: '沙河口区' }, homeRegionCode: null, homeRegion: null });

    // A counsellor of the region reads them in a list; the seeker reads themself.
    const list = await app.gql(`{ jobSeekers { nodes { name region { code name } homeRegion { code name } } } }`, {}, { token: as.counsellor });
    expect(list.errors).toBeUndefined();
    expect(list.data.jobSeekers.nodes).toEqual([
      { name: '测试301', region: { code: '210202', name: '中山区' }, homeRegion: { code: '210283', name: '庄河市' } },
      { name: '测试302', region: { code: '210204', name: '沙河口区' }, homeRegion: null },
    ]);
    const self = await app.token(Role.SEEKER, { seeker: dbId(withHome.id) });
    const own = await app.gql(`query($id: ID!) { node(id: $id) { ... on JobSeeker { homeRegion { code name } } } }`, { id: withHome.id }, { token: self });
    expect(own.errors).toBeUndefined();
    expect(own.data.node).toEqual({ homeRegion: { code: '210283', name: '庄河市' } });
  });

  it('me carries the objects beside its keys, so a seeker passes me.seeker.id on to courseMatches', async () => {
    const [{ id: seekerKey }] = await app.platform.infrastructure.dataSource.query(`SELECT id::text AS id FROM job_seeker ORDER BY id LIMIT 1`);
    const [{ id: providerKey }] = await app.platform.infrastructure.dataSource.query(`SELECT id::text AS id FROM provider ORDER BY id LIMIT 1`);
    const [{ id: enterpriseKey }] = await app.platform.infrastructure.dataSource.query(`SELECT id::text AS id FROM enterprise ORDER BY id LIMIT 1`);
    const ME = `{ me { role seekerId seeker { id name } providerId provider { id } enterpriseId enterprise { id } regionCode region { code name } } }`;

    const seeker = await app.gql(ME, {}, { token: await app.token(Role.SEEKER, { seeker: seekerKey }) });
    expect(seeker.errors).toBeUndefined();
    expect(seeker.data.me).toMatchObject({ role: 'SEEKER', seekerId: seekerKey, provider: null, enterprise: null });
    expect(dbId(seeker.data.me.seeker.id)).toBe(seekerKey);
    const token = await app.token(Role.SEEKER, { seeker: seekerKey });
    const matches = await app.gql(`query($id: ID!) { courseMatches(seekerId: $id, first: 3) { nodes { score } } }`, { id: seeker.data.me.seeker.id }, { token });
    expect(matches.errors).toBeUndefined();

    const provider = await app.gql(ME, {}, { token: await app.token(Role.PROVIDER, { provider: providerKey }) });
    expect(dbId(provider.data.me.provider.id)).toBe(providerKey);
    const enterprise = await app.gql(ME, {}, { token: await app.token(Role.ENTERPRISE, { enterprise: enterpriseKey }) });
    expect(dbId(enterprise.data.me.enterprise.id)).toBe(enterpriseKey);
    const counsellor = await app.gql(ME, {}, { token: as.counsellor });
    expect(counsellor.data.me).toMatchObject({ seeker: null, provider: null, enterprise: null, region: { code: '210200', name: '大连市' } });
  });

  it('a page of enterprises with their regions costs as many SQL statements for 2 rows as for many', async () => {
    const districts = ['210202', '210204', '210211', '210212', '210213', '210214', '210281', '210283'];
    for (let i = 0; i < 12; i++) {
      const res = await app.gql(
        REGISTER_ENTERPRISE,
        { input: { creditCode: creditCode(700 + i), name: `区域测试企业${i}`, regionCode: districts[i % districts.length], tags: [] } },
        { token: as.admin },
      );
      expect(res.data.registerEnterprise.userErrors).toEqual([]);
    }
    const withRegion = `query($n: Int) { enterprises(first: $n) { totalCount nodes { regionCode region { code name } } } }`;
    const without = `query($n: Int) { enterprises(first: $n) { totalCount nodes { regionCode } } }`;
    const run = async (query: string, n: number) => {
      const res = await app.gql(query, { n }, { token: as.admin });
      expect(res.errors).toBeUndefined();
      return res;
    };
    // Both pages are full (17 enterprises or more), so both read the count as well.
    const small = await run(withRegion, 2);
    const large = await run(withRegion, 15);
    expect(small.data.enterprises.nodes).toHaveLength(2);
    expect(large.data.enterprises.nodes).toHaveLength(15);
    expect(new Set(large.data.enterprises.nodes.map((e: { regionCode: string }) => e.regionCode)).size).toBeGreaterThanOrEqual(8);
    for (const e of large.data.enterprises.nodes) expect(e.region).toEqual(regionOf(e.regionCode));

    expect(small.extensions?.sqlQueries).toBeGreaterThan(0);
    expect(large.extensions?.sqlQueries).toBe(small.extensions?.sqlQueries);
    // The regions of a page are one batched statement at most.
    const plain = await run(without, 15);
    expect(large.extensions!.sqlQueries!).toBeLessThanOrEqual(plain.extensions!.sqlQueries! + 1);
  });
});

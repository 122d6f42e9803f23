import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';

const ADMISSION = 'id admittedFrom admittedUntil suspendedOn suspensionReason';
const POLICY = 'id regionCode maxShortageUpliftPercent updatedAt region { code name }';
const MEMBER = 'id kind creditCode name joinedAt enterprise { creditCode }';

const NODE = `query($id: ID!) { node(id: $id) { __typename
  ... on ProviderAdmission { ${ADMISSION} }
  ... on RegionPolicy { ${POLICY} }
  ... on SkillChainMember { ${MEMBER} } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename
  ... on ProviderAdmission { ${ADMISSION} }
  ... on RegionPolicy { ${POLICY} }
  ... on SkillChainMember { ${MEMBER} } } }`;
const SET_POLICY = `mutation($input: SetRegionPolicyInput!) { setRegionPolicy(input: $input) { regionPolicy { ${POLICY} } userErrors { field code } } }`;

type Caller = 'anonymous' | 'dalianAdmin' | 'liaoningAdmin' | 'ganjingziAdmin' | 'jinzhouAdmin' | 'counsellor' | 'shenyangCounsellor' | 'agency' | 'enterprise' | 'provider' | 'seeker';

describe('ProviderAdmission, RegionPolicy and SkillChainMember are nodes', () => {
  let app: TestPlatform;
  const as = {} as Record<Exclude<Caller, 'anonymous'>, string>;
  const node = async (id: string, caller: Caller) => {
    const res = await app.gql(NODE, { id }, caller === 'anonymous' ? {} : { token: as[caller] });
    expect(res.errors, caller).toBeUndefined();
    return res.data.node;
  };
  const nodes = async (ids: string[], caller: Caller) => {
    const res = await app.gql(NODES, { ids }, caller === 'anonymous' ? {} : { token: as[caller] });
    expect(res.errors, caller).toBeUndefined();
    return res.data.nodes;
  };

  let admission: Record<string, unknown>;
  let policy: Record<string, unknown>;
  let members: Record<string, unknown>[];

  beforeAll(async () => {
    app = await startTestPlatform();
    as.dalianAdmin = await app.token(Role.ADMIN, { region: '210200' });
    as.liaoningAdmin = await app.token(Role.ADMIN, { region: '210000' });
    as.ganjingziAdmin = await app.token(Role.ADMIN, { region: '210211' });
    as.jinzhouAdmin = await app.token(Role.ADMIN, { region: '210213' });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: '210100' });
    as.agency = await app.token(Role.AGENCY);
    as.enterprise = await app.token(Role.ENTERPRISE);
    as.provider = await app.token(Role.PROVIDER);
    as.seeker = await app.token(Role.SEEKER);

    // Each read through the field that shows it today.
    // The suspended demo provider, so the suspension travels too.
    const providers = await app.gql(`{ providers(query: "大连速成职业培训中心") { nodes { admissions { ${ADMISSION} } } } }`);
    expect(providers.errors).toBeUndefined();
    admission = providers.data.providers.nodes[0].admissions[0];
    expect(admission.suspensionReason).toEqual(expect.stringContaining('虚报培训人数'));

    const set = await app.gql(SET_POLICY, { input: { regionCode: '210211', maxShortageUpliftPercent: '8.00' } }, { token: as.dalianAdmin });
    expect(set.errors).toBeUndefined();
    expect(set.data.setRegionPolicy.userErrors).toEqual([]);
    policy = set.data.setRegionPolicy.regionPolicy;

    const chains = await app.gql(`{ skillChains(filter: { regionCode: "210200" }) { nodes { members { ${MEMBER} } } } }`, {}, { token: as.counsellor });
    expect(chains.errors).toBeUndefined();
    members = chains.data.skillChains.nodes[0].members;
    expect(members.length).toBeGreaterThan(2);
  }, 120_000);
  afterAll(() => app?.stop());

  describe('ProviderAdmission', () => {
    it('resolves by the id Provider.admissions gives, for anyone, as the provider list is public', async () => {
      expect(Buffer.from(admission.id as string, 'base64url').toString()).toMatch(/^ProviderAdmission:\d+$/);
      for (const caller of ['anonymous', 'seeker', 'enterprise', 'counsellor'] as const) {
        expect(await node(admission.id as string, caller), caller).toEqual({ __typename: 'ProviderAdmission', ...admission });
      }
    });

    it('is null, not an error, for an admission that does not exist or a key that is no database id', async () => {
      expect(await node(toGlobalId('ProviderAdmission', '999999999'), 'dalianAdmin')).toBeNull();
      expect(await node(toGlobalId('ProviderAdmission', 'x'), 'dalianAdmin')).toBeNull();
    });
  });

  describe('RegionPolicy', () => {
    it('has the region code as its global id key and resolves for ADMINs of a covering region, as setRegionPolicy shows it', async () => {
      expect(policy.id).toBe(toGlobalId('RegionPolicy', '210211'));
      for (const caller of ['dalianAdmin', 'liaoningAdmin', 'ganjingziAdmin'] as const) {
        expect(await node(policy.id as string, caller), caller).toEqual({ __typename: 'RegionPolicy', ...policy });
      }
    });

    it('is null for every other caller, for a region without a policy of its own and for a key that is no region code', async () => {
      for (const caller of ['anonymous', 'jinzhouAdmin', 'counsellor', 'agency', 'enterprise', 'provider', 'seeker'] as const) {
        expect(await node(policy.id as string, caller), caller).toBeNull();
      }
      // 210212 inherits Dalian's default; there is no row to be a node.
      expect(await node(toGlobalId('RegionPolicy', '210212'), 'dalianAdmin')).toBeNull();
      expect(await node(toGlobalId('RegionPolicy', '2102'), 'dalianAdmin')).toBeNull();
    });
  });

  describe('SkillChainMember', () => {
    it('resolves by the id SkillChain.members gives, for the staff roles that may resolve the chain', async () => {
      const [leader, , college] = members;
      for (const caller of ['counsellor', 'shenyangCounsellor', 'dalianAdmin', 'agency'] as const) {
        expect(await node(leader.id as string, caller), caller).toEqual({ __typename: 'SkillChainMember', ...leader });
        expect(await node(college.id as string, caller), caller).toEqual({ __typename: 'SkillChainMember', ...college });
      }
    });

    it('is null for the roles that may not resolve the chain, and once the member is removed', async () => {
      for (const caller of ['anonymous', 'enterprise', 'provider', 'seeker'] as const) {
        expect(await node(members[0].id as string, caller), caller).toBeNull();
      }
      expect(await node(toGlobalId('SkillChainMember', 'x'), 'counsellor')).toBeNull();

      const chain = (await app.gql(`{ skillChains(filter: { regionCode: "210200" }) { nodes { id } } }`, {}, { token: as.counsellor })).data.skillChains.nodes[0];
      const removed = members[members.length - 1];
      const res = await app.gql(
        `mutation($input: RemoveSkillChainMemberInput!) { removeSkillChainMember(input: $input) { userErrors { code } } }`,
        { input: { chainId: chain.id, creditCode: removed.creditCode } },
        { token: as.dalianAdmin },
      );
      expect(res.data.removeSkillChainMember.userErrors).toEqual([]);
      expect(await node(removed.id as string, 'counsellor')).toBeNull();
      members = members.slice(0, -1);
    });
  });

  it('nodes(ids) mixes the three types, in the order asked, null where the caller may not see one', async () => {
    const missing = toGlobalId('SkillChainMember', '999999999');
    const ids = [policy.id, members[1].id, admission.id, missing] as string[];
    const shown = { policy: { __typename: 'RegionPolicy', ...policy }, member: { __typename: 'SkillChainMember', ...members[1] }, admission: { __typename: 'ProviderAdmission', ...admission } };
    expect(await nodes(ids, 'dalianAdmin')).toEqual([shown.policy, shown.member, shown.admission, null]);
    expect(await nodes(ids, 'counsellor')).toEqual([null, shown.member, shown.admission, null]);
    expect(await nodes(ids, 'anonymous')).toEqual([null, null, shown.admission, null]);
  });

  it('nodes(ids) loads each type in one batch, not a statement per id', async () => {
    const second = await app.gql(SET_POLICY, { input: { regionCode: '210213', maxShortageUpliftPercent: '9.00' } }, { token: as.dalianAdmin });
    expect(second.data.setRegionPolicy.userErrors).toEqual([]);
    const providers = await app.gql(`{ providers(first: 10) { nodes { admissions { id } } } }`);
    const admissionIds: string[] = providers.data.providers.nodes.flatMap((p: { admissions: { id: string }[] }) => p.admissions.map((a) => a.id));
    expect(admissionIds.length).toBeGreaterThan(2);
    const policyIds = [policy.id as string, second.data.setRegionPolicy.regionPolicy.id];
    const memberIds = members.map((m) => m.id as string);

    const one = await app.gql(NODES, { ids: [admissionIds[0], policyIds[0], memberIds[0]] }, { token: as.dalianAdmin });
    const all = await app.gql(NODES, { ids: [...admissionIds, ...policyIds, ...memberIds] }, { token: as.dalianAdmin });
    expect(all.errors).toBeUndefined();
    expect(all.data.nodes.map((n: { __typename: string } | null) => n?.__typename)).toEqual([
      ...admissionIds.map(() => 'ProviderAdmission'),
      ...policyIds.map(() => 'RegionPolicy'),
      ...memberIds.map(() => 'SkillChainMember'),
    ]);
    expect(all.extensions?.sqlQueries).toBe(one.extensions!.sqlQueries!);
  });
});

import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { residentIdNumber } from './fixtures/identity';
import { addDays } from '../domain/supply/subsidy-quote';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';

const TODAY = todayInChina();
const DALIAN = '210200';
const SHENYANG = '210100';
const LIAONING = '210000';
const ELDERLY_CARE = '4-10-01-05';
const creditCode = (serial: string) => {
  const first17 = `5221${serial.padStart(13, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
};
const ID_NUMBER = residentIdNumber('19950301', 123);
const PHONE = '13912340000';

const ENTRY = 'id at actor actorRole action entityType entityKey regionCodes changes requestId entity { id ... on Provider { name } ... on Enrollment { status } }';
const TRAIL = `query($filter: AuditEntryFilter, $first: Int, $after: String) {
  auditEntries(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor } nodes { ${ENTRY} } }
}`;
const ERRORS = 'userErrors { field code message }';

describe('the audit trail: who changed what, read by the bureau', () => {
  let app: TestPlatform;
  let db: DataSource;
  const as = {} as Record<'dalianAdmin' | 'shenyangAdmin' | 'provinceAdmin' | 'counsellor' | 'provider', string>;
  let dalianProvider: string;
  let shenyangProvider: string;

  const trail = async (token: string, variables: Record<string, unknown> = {}) => {
    const res = await app.gql(TRAIL, variables, { token });
    expect(res.errors).toBeUndefined();
    return res.data.auditEntries;
  };
  const registerProvider = async (token: string, serial: string, name: string, regionCode: string) => {
    const res = await app.gql(`mutation($input: RegisterProviderInput!) { registerProvider(input: $input) { provider { id } ${ERRORS} } }`,
      { input: { creditCode: creditCode(serial), name, type: 'TECHNICAL_SCHOOL', regionCode } }, { token });
    expect(res.data.registerProvider.userErrors).toEqual([]);
    return res.data.registerProvider.provider.id as string;
  };

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '养老护理员', 4)`, [ELDERLY_CARE]);
    as.dalianAdmin = await app.token(Role.ADMIN, { subject: 'admin-dalian', region: DALIAN });
    as.shenyangAdmin = await app.token(Role.ADMIN, { subject: 'admin-shenyang', region: SHENYANG });
    as.provinceAdmin = await app.token(Role.ADMIN, { subject: 'admin-liaoning', region: LIAONING });
    as.counsellor = await app.token(Role.COUNSELLOR, { subject: 'counsellor-dalian', region: DALIAN });
    dalianProvider = await registerProvider(as.dalianAdmin, '1', '大连市技师学院', '210202');
    shenyangProvider = await registerProvider(as.shenyangAdmin, '2', '沈阳市技师学院', SHENYANG);
    as.provider = await app.token(Role.PROVIDER, { provider: Buffer.from(shenyangProvider, 'base64url').toString().split(':')[1] });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("shows an ADMIN the changes of its region, newest first, with who made them and the object as it is now; another city's stay out", async () => {
    const rename = await app.gql(`mutation($input: UpdateProviderInput!) { updateProvider(input: $input) { provider { id } ${ERRORS} } }`,
      { input: { providerId: dalianProvider, name: '大连技师学院' } }, { token: as.dalianAdmin });
    expect(rename.data.updateProvider.userErrors).toEqual([]);

    const dalian = await trail(as.dalianAdmin);
    expect(dalian.totalCount).toBe(2);
    expect(dalian.nodes.map((e: any) => e.action)).toEqual(['UPDATE', 'REGISTER']);
    expect(dalian.nodes[0]).toMatchObject({
      actor: 'admin-dalian',
      actorRole: 'ADMIN',
      entityType: 'Provider',
      regionCodes: ['210202'],
      changes: { name: { from: '大连市技师学院', to: '大连技师学院' } },
      entity: { id: dalianProvider, name: '大连技师学院' },
    });
    expect(dalian.nodes[0].requestId).toMatch(/\S/);
    expect(dalian.nodes[1].changes).toMatchObject({ creditCode: creditCode('1'), regionCode: '210202', type: 'TECHNICAL_SCHOOL' });

    const shenyang = await trail(as.shenyangAdmin);
    expect(shenyang.nodes.map((e: any) => [e.action, e.entity?.id])).toEqual([['REGISTER', shenyangProvider]]);
    expect((await trail(as.provinceAdmin)).totalCount).toBe(3);
  });

  it("keeps an object's own trail apart, and narrows by action, actor, region and time", async () => {
    const own = await trail(as.provinceAdmin, { filter: { entityId: dalianProvider } });
    expect(own.nodes.map((e: any) => e.action)).toEqual(['UPDATE', 'REGISTER']);
    expect((await trail(as.provinceAdmin, { filter: { action: 'REGISTER' } })).totalCount).toBe(2);
    expect((await trail(as.provinceAdmin, { filter: { actor: 'admin-shenyang' } })).nodes.map((e: any) => e.entity.id)).toEqual([shenyangProvider]);
    expect((await trail(as.provinceAdmin, { filter: { regionCode: SHENYANG } })).totalCount).toBe(1);
    expect((await trail(as.provinceAdmin, { filter: { since: new Date(Date.now() + 60_000).toISOString() } })).totalCount).toBe(0);
    expect((await trail(as.provinceAdmin, { filter: { until: new Date(Date.now() + 60_000).toISOString(), entityType: 'Provider' } })).totalCount).toBe(3);
  });

  it('pages by entry, so changes written while a client pages neither repeat nor skip an entry', async () => {
    const first = await trail(as.provinceAdmin, { first: 2 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.edges.at(-1).cursor).toBe(first.pageInfo.endCursor);
    await registerProvider(as.shenyangAdmin, '3', '沈阳职业技术学院', SHENYANG);
    const rest = await trail(as.provinceAdmin, { first: 2, after: first.pageInfo.endCursor });
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(rest.nodes.map((e: any) => e.entity.id)).toEqual([dalianProvider]);
    expect(rest.totalCount).toBe(4);

    const bad = await app.gql(TRAIL, { after: Buffer.from('offset:3').toString('base64url') }, { token: as.provinceAdmin });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['after'] });
  });

  it("shows a change of national data (an occupation's aliases) to every ADMIN", async () => {
    const res = await app.gql(`mutation($input: SetOccupationAliasesInput!) { setOccupationAliases(input: $input) { ${ERRORS} } }`,
      { input: { code: ELDERLY_CARE, aliases: ['护工'] } }, { token: as.shenyangAdmin });
    expect(res.data.setOccupationAliases.userErrors).toEqual([]);
    for (const token of [as.dalianAdmin, as.shenyangAdmin]) {
      const [entry] = (await trail(token, { filter: { entityType: 'Occupation' } })).nodes;
      expect(entry).toMatchObject({ action: 'SET_ALIASES', entityKey: ELDERLY_CARE, regionCodes: [], changes: { aliases: { from: [], to: ['护工'] } } });
    }
  });

  it("files an enrolment under the course's region and the trainee's, and says of personal data only that it was set", async () => {
    const registered = await app.gql(
      `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { jobSeeker { id } ${ERRORS} } }`,
      { input: { name: '李审计', idNumber: ID_NUMBER, phone: PHONE, regionCode: '210202', educationLevel: 'SENIOR_HIGH', employmentStatus: 'UNEMPLOYED', targetOccupationCodes: [ELDERLY_CARE], groups: ['UNEMPLOYED'], consent: true } },
      { token: as.counsellor },
    );
    expect(registered.data.registerJobSeeker.userErrors).toEqual([]);
    const seekerId = registered.data.registerJobSeeker.jobSeeker.id;
    const providerKey = Buffer.from(shenyangProvider, 'base64url').toString().split(':')[1];
    await db.query('INSERT INTO provider_admission (provider_id, admitted_from, admitted_until) VALUES ($1, $2, $3)', [providerKey, addDays(TODAY, -10), addDays(TODAY, 400)]);
    const [{ id: courseKey }] = await db.query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code, capacity, fee, status, published_at, version)
       VALUES ($1, '养老护理员（五级）线上培训', $2, 'JUNIOR', 'EMPLOYMENT_SKILLS', 'ONLINE', 60, $3, $4, $5, 30, '900.00', 'PUBLISHED', now(), 1) RETURNING id::text AS id`,
      [providerKey, ELDERLY_CARE, addDays(TODAY, 20), addDays(TODAY, 40), SHENYANG],
    );
    const enrolled = await app.gql(`mutation($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { enrollment { id } ${ERRORS} } }`,
      { input: { courseId: toGlobalId('Course', courseKey), seekerId } }, { token: as.counsellor });
    expect(enrolled.data.enrollInCourse.userErrors).toEqual([]);
    const enrollmentId = enrolled.data.enrollInCourse.enrollment.id;

    const entryFor = async (token: string) => (await trail(token, { filter: { entityId: enrollmentId } })).nodes[0];
    expect(await entryFor(as.dalianAdmin)).toMatchObject({ action: 'ENROLL', actor: 'counsellor-dalian', regionCodes: ['210100', '210202'], entity: { status: 'ENROLLED' } });
    // The course's bureau reads the entry; the enrolment itself stays with those who may read the trainee.
    expect(await entryFor(as.shenyangAdmin)).toMatchObject({ action: 'ENROLL', changes: { courseId: courseKey, totalSubsidy: expect.any(String) }, entity: null });
    const [registration] = (await trail(as.dalianAdmin, { filter: { entityId: seekerId } })).nodes;
    expect(registration.changes).toMatchObject({ name: '(set)', idNumber: '(set)', phone: '(set)' });
    const everything = JSON.stringify(await trail(as.provinceAdmin, { first: 100 }));
    for (const secret of [ID_NUMBER, PHONE, '李审计']) expect(everything).not.toContain(secret);
    // The Shenyang bureau reads the enrolment on its course, not the Dalian registration behind it.
    expect((await trail(as.shenyangAdmin, { filter: { entityId: seekerId } })).totalCount).toBe(0);
  });

  it('resolves an entry by node(id) for the ADMINs it concerns, and for no one else', async () => {
    const [entry] = (await trail(as.dalianAdmin, { filter: { entityId: dalianProvider, action: 'REGISTER' } })).nodes;
    const node = `query($id: ID!) { node(id: $id) { ... on AuditEntry { action entityKey } } }`;
    expect((await app.gql(node, { id: entry.id }, { token: as.provinceAdmin })).data.node).toMatchObject({ action: 'REGISTER' });
    expect((await app.gql(node, { id: entry.id }, { token: as.shenyangAdmin })).data.node).toBeNull();
    expect((await app.gql(node, { id: entry.id }, { token: as.counsellor })).data.node).toBeNull();
  });

  it('refuses everyone but ADMINs, and an ADMIN asking about a region outside its own', async () => {
    for (const token of [as.counsellor, as.provider]) {
      const res = await app.gql(TRAIL, {}, { token });
      expect(res.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await app.gql(TRAIL, {})).errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const outside = await app.gql(TRAIL, { filter: { regionCode: SHENYANG } }, { token: as.dalianAdmin });
    expect(outside.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const badRegion = await app.gql(TRAIL, { filter: { regionCode: 'dalian' } }, { token: as.dalianAdmin });
    expect(badRegion.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

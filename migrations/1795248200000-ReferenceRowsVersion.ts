import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One value that changes whenever an occupation or a region changes, so API processes may hold
 * both lists in memory (every course page shows them) and learn in the statement that reads a page
 * whether theirs is still current. A random uuid, as for the quote facts: it never repeats.
 */
export class ReferenceRowsVersion1795248200000 implements MigrationInterface {
  name = 'ReferenceRowsVersion1795248200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE reference_rows_version (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version uuid NOT NULL)`);
    await queryRunner.query(`INSERT INTO reference_rows_version (version) VALUES (gen_random_uuid())`);
    await queryRunner.query(`CREATE FUNCTION reference_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE reference_rows_version SET version = gen_random_uuid();
        RETURN NULL;
      END $$`);
    for (const table of REFERENCE_TABLES) {
      await queryRunner.query(`CREATE TRIGGER ${table}_reference_rows_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION reference_rows_changed()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of REFERENCE_TABLES) await queryRunner.query(`DROP TRIGGER ${table}_reference_rows_changed ON ${table}`);
    await queryRunner.query(`DROP FUNCTION reference_rows_changed()`);
    await queryRunner.query(`DROP TABLE reference_rows_version`);
  }
}

const REFERENCE_TABLES = ['occupation', 'region'];

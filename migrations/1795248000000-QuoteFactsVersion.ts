import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One value that changes whenever a fact a subsidy quote reads changes (standards, admissions,
 * shortage catalogs and their entries, region names), so API processes may keep those facts in
 * memory and ask in the same statement as the courses whether theirs are still current.
 * A random uuid, not a counter: it never repeats, not after a rollback nor after a restore.
 * The triggers run before each statement, so a writer takes the version row's lock before any row
 * of these tables, the same order in every transaction.
 */
export class QuoteFactsVersion1795248000000 implements MigrationInterface {
  name = 'QuoteFactsVersion1795248000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE quote_facts_version (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version uuid NOT NULL)`);
    await queryRunner.query(`INSERT INTO quote_facts_version (version) VALUES (gen_random_uuid())`);
    await queryRunner.query(`CREATE FUNCTION quote_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE quote_facts_version SET version = gen_random_uuid();
        RETURN NULL;
      END $$`);
    for (const table of QUOTE_FACT_TABLES) {
      await queryRunner.query(`CREATE TRIGGER ${table}_quote_facts_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION quote_facts_changed()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of QUOTE_FACT_TABLES) await queryRunner.query(`DROP TRIGGER ${table}_quote_facts_changed ON ${table}`);
    await queryRunner.query(`DROP FUNCTION quote_facts_changed()`);
    await queryRunner.query(`DROP TABLE quote_facts_version`);
  }
}

const QUOTE_FACT_TABLES = ['subsidy_standard', 'provider_admission', 'shortage_catalog', 'shortage_catalog_entry', 'region'];

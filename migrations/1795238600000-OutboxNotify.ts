import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wakes search workers when outbox rows commit: NOTIFY is transactional, so a worker is never
 * woken for a change that rolled back. Workers still poll, so a lost notification only delays.
 */
export class OutboxNotify1795238600000 implements MigrationInterface {
  name = 'OutboxNotify1795238600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION search_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('search_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER search_outbox_notify AFTER INSERT ON search_outbox
      FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER search_outbox_notify ON search_outbox`);
    await queryRunner.query(`DROP FUNCTION search_outbox_notify()`);
  }
}

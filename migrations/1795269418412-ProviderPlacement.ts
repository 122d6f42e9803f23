import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderPlacement1795269418412 implements MigrationInterface {
  name = 'ProviderPlacement1795269418412';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "provider_placement" ("provider_id" bigint NOT NULL, "completed" integer NOT NULL DEFAULT '0', "employed" integer NOT NULL DEFAULT '0', CONSTRAINT "provider_placement_counts" CHECK (employed >= 0 AND employed <= completed), CONSTRAINT "PK_a0856df50535636e5d6344cf97f" PRIMARY KEY ("provider_id"))`);
    await queryRunner.query(`ALTER TABLE "provider_placement" ADD CONSTRAINT "FK_a0856df50535636e5d6344cf97f" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Outcomes reported before the totals existed.
    await queryRunner.query(`INSERT INTO "provider_placement" ("provider_id", "completed", "employed")
      SELECT c.provider_id, count(*), count(e.employed_on) FROM enrollment e JOIN course c ON c.id = e.course_id
       WHERE e.status = 'ENROLLED' AND e.completion = 'COMPLETED' GROUP BY c.provider_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provider_placement" DROP CONSTRAINT "FK_a0856df50535636e5d6344cf97f"`);
    await queryRunner.query(`DROP TABLE "provider_placement"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const GROUPS_BEFORE = `'COLLEGE_GRADUATE', 'RURAL_MIGRANT_WORKER', 'RETURNEE', 'POVERTY_ALLEVIATED', 'VETERAN', 'DISABLED', 'UNEMPLOYED', 'LOW_INCOME_FAMILY', 'NON_CONTINUING_STUDENT'`;

/**
 * The WOMEN key group, and the queue of data upgrades that need the application's PII key: seekers
 * already stored get the group from their sealed identity numbers (see server/data-upgrades.ts).
 */
export class SeekerGroupWomen1795274268948 implements MigrationInterface {
  name = 'SeekerGroupWomen1795274268948';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "data_upgrade" ("name" text NOT NULL, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9943b9a4a8d65e3d7ef9206af77" PRIMARY KEY ("name"))`);
    // One type serves three columns: one new value (usable once this migration's transaction commits).
    await queryRunner.query(`ALTER TYPE "public"."seeker_group" ADD VALUE 'WOMEN'`);
    await queryRunner.query(`INSERT INTO "data_upgrade" ("name") SELECT 'seeker-women-from-id-number' WHERE EXISTS (SELECT 1 FROM "job_seeker")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it. Seekers lose the derived
    // group, courses reserved for it lose the reservation, and its supplements go.
    await queryRunner.query(`UPDATE "job_seeker" SET "groups" = array_remove("groups", 'WOMEN') WHERE 'WOMEN' = ANY("groups")`);
    await queryRunner.query(`UPDATE "course" SET "eligible_groups" = array_remove("eligible_groups", 'WOMEN') WHERE 'WOMEN' = ANY("eligible_groups")`);
    await queryRunner.query(`DELETE FROM "subsidy_standard" WHERE "seeker_group" = 'WOMEN'`);
    await queryRunner.query(`CREATE TYPE "public"."seeker_group_old" AS ENUM(${GROUPS_BEFORE})`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" ALTER COLUMN "seeker_group" TYPE "public"."seeker_group_old" USING "seeker_group"::"text"::"public"."seeker_group_old"`);
    for (const [table, column] of [['course', 'eligible_groups'], ['job_seeker', 'groups']]) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" DROP DEFAULT`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE "public"."seeker_group_old"[] USING "${column}"::"text"::"public"."seeker_group_old"[]`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET DEFAULT '{}'`);
    }
    await queryRunner.query(`DROP TYPE "public"."seeker_group"`);
    await queryRunner.query(`ALTER TYPE "public"."seeker_group_old" RENAME TO "seeker_group"`);
    await queryRunner.query(`DROP TABLE "data_upgrade"`);
  }
}

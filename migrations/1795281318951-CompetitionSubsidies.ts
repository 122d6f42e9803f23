import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Competition subsidies per finalist (004 §(十四)) as standards: a new kind and the competition level it is for. */
export class CompetitionSubsidies1795281318951 implements MigrationInterface {
  name = 'CompetitionSubsidies1795281318951';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."competition_level" AS ENUM('CITY', 'PROVINCE', 'NATIONAL', 'WORLD')`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" ADD "competition_level" "public"."competition_level"`);
    // A new value is usable once this migration's transaction commits, so the check compares text.
    await queryRunner.query(`ALTER TYPE "public"."subsidy_kind" ADD VALUE 'COMPETITION'`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" ADD CONSTRAINT "subsidy_standard_competition" CHECK ((kind::text = 'COMPETITION') = (competition_level IS NOT NULL))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it, and competition standards go.
    await queryRunner.query(`ALTER TABLE "subsidy_standard" DROP CONSTRAINT "subsidy_standard_competition"`);
    await queryRunner.query(`DELETE FROM "subsidy_standard" WHERE "kind"::text = 'COMPETITION'`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" DROP CONSTRAINT "subsidy_standard_group"`);
    await queryRunner.query(`CREATE TYPE "public"."subsidy_kind_old" AS ENUM('TRAINING', 'GROUP_SUPPLEMENT', 'CERTIFICATE')`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" ALTER COLUMN "kind" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" ALTER COLUMN "kind" TYPE "public"."subsidy_kind_old" USING "kind"::"text"::"public"."subsidy_kind_old"`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" ALTER COLUMN "kind" SET DEFAULT 'TRAINING'`);
    await queryRunner.query(`DROP TYPE "public"."subsidy_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."subsidy_kind_old" RENAME TO "subsidy_kind"`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" ADD CONSTRAINT "subsidy_standard_group" CHECK ((kind = 'GROUP_SUPPLEMENT') = (seeker_group IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE "subsidy_standard" DROP COLUMN "competition_level"`);
    await queryRunner.query(`DROP TYPE "public"."competition_level"`);
  }
}

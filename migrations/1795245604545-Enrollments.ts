import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Enrolments with the subsidy quoted when the seat was taken; at most one live seat per seeker and course. */
export class Enrollments1795245604545 implements MigrationInterface {
  name = 'Enrollments1795245604545';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."enrollment_status" AS ENUM('ENROLLED', 'WITHDRAWN')`);
    await queryRunner.query(`CREATE TABLE "enrollment" ("id" BIGSERIAL NOT NULL, "course_id" bigint NOT NULL, "seeker_id" bigint NOT NULL, "status" "public"."enrollment_status" NOT NULL DEFAULT 'ENROLLED', "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawal_reason" text, "fee" numeric(12,2) NOT NULL, "total_subsidy" numeric(12,2) NOT NULL, "net_cost" numeric(12,2) NOT NULL, "quote" jsonb NOT NULL, CONSTRAINT "enrollment_withdrawal" CHECK ((status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL)), CONSTRAINT "PK_7e200c699fa93865cdcdd025885" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_dd1ce01d1164c8bbdda052ced7" ON "enrollment"  ("course_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_e0d95e868ac2bfe6dc6bb0dd2e" ON "enrollment"  ("seeker_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "enrollment_one_live_seat" ON "enrollment"  ("seeker_id", "course_id") WHERE status = 'ENROLLED'`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "FK_dd1ce01d1164c8bbdda052ced74" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "FK_e0d95e868ac2bfe6dc6bb0dd2e6" FOREIGN KEY ("seeker_id") REFERENCES "job_seeker"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "FK_e0d95e868ac2bfe6dc6bb0dd2e6"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "FK_dd1ce01d1164c8bbdda052ced74"`);
    await queryRunner.query(`DROP INDEX "public"."enrollment_one_live_seat"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e0d95e868ac2bfe6dc6bb0dd2e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dd1ce01d1164c8bbdda052ced7"`);
    await queryRunner.query(`DROP TABLE "enrollment"`);
    await queryRunner.query(`DROP TYPE "public"."enrollment_status"`);
  }
}

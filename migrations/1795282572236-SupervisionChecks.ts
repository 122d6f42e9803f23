import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SupervisionChecks1795282572236 implements MigrationInterface {
  name = 'SupervisionChecks1795282572236';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."subsidy_risk_kind" AS ENUM('REPEATED_SUBSIDY', 'SHARED_PHONE', 'REUSED_CERTIFICATE', 'SELF_EMPLOYMENT')`);
    await queryRunner.query(`CREATE TYPE "public"."risk_finding" AS ENUM('CLEARED', 'CONFIRMED')`);
    await queryRunner.query(`CREATE TABLE "risk_check" ("id" BIGSERIAL NOT NULL, "kind" "public"."subsidy_risk_kind" NOT NULL, "enrollment_ids" bigint array NOT NULL, "finding" "public"."risk_finding" NOT NULL, "misused_enrollment_ids" bigint array NOT NULL DEFAULT '{}', "note" text NOT NULL, "region_code" character(6) NOT NULL, "checked_by" character varying(200) NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "risk_check_misuse" CHECK ((finding = 'CONFIRMED') = (cardinality(misused_enrollment_ids) > 0) AND misused_enrollment_ids <@ enrollment_ids), CONSTRAINT "PK_c9bb23542877627bd1e1ee74dcc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "risk_check_signal" ON "risk_check"  ("kind", "enrollment_ids") `);
    await queryRunner.query(`CREATE TYPE "public"."subsidy_recovery_status" AS ENUM('DUE', 'RECOVERED')`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD "recovery_status" "public"."subsidy_recovery_status"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD "recovery_check_id" bigint`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD "recovered_on" date`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD "recovery_reference" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "subsidy_claim_recovery" CHECK ((recovery_status IS NULL OR status = 'PAID') AND (recovery_status IS NULL) = (recovery_check_id IS NULL) AND (recovery_status IS NOT DISTINCT FROM 'RECOVERED') = (recovered_on IS NOT NULL) AND (recovered_on IS NULL) = (recovery_reference IS NULL))`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "FK_6b00e26ac88af1d1bf250a207e5" FOREIGN KEY ("recovery_check_id") REFERENCES "risk_check"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "FK_6b00e26ac88af1d1bf250a207e5"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "subsidy_claim_recovery"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP COLUMN "recovery_reference"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP COLUMN "recovered_on"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP COLUMN "recovery_check_id"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP COLUMN "recovery_status"`);
    await queryRunner.query(`DROP TYPE "public"."subsidy_recovery_status"`);
    await queryRunner.query(`DROP INDEX "public"."risk_check_signal"`);
    await queryRunner.query(`DROP TABLE "risk_check"`);
    await queryRunner.query(`DROP TYPE "public"."risk_finding"`);
    await queryRunner.query(`DROP TYPE "public"."subsidy_risk_kind"`);
  }
}

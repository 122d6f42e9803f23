import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Apprenticeship1795279470192 implements MigrationInterface {
  name = 'Apprenticeship1795279470192';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."work_agreement_kind" AS ENUM('INTERNSHIP', 'LABOUR_CONTRACT')`);
    await queryRunner.query(`CREATE TABLE "work_agreement" ("id" BIGSERIAL NOT NULL, "seeker_id" bigint NOT NULL, "enterprise_id" bigint NOT NULL, "kind" "public"."work_agreement_kind" NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "work_agreement_internship_ends" CHECK (kind <> 'INTERNSHIP' OR ends_on IS NOT NULL), CONSTRAINT "work_agreement_dates" CHECK (ends_on IS NULL OR ends_on >= starts_on), CONSTRAINT "PK_263780f50e318902fca51e3fd24" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_5f80be996da64d2ba7792ba45c" ON "work_agreement"  ("seeker_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9dc08a63e196d43537dea1acc2" ON "work_agreement"  ("enterprise_id") `);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "apprentice_employer_id" bigint`);
    await queryRunner.query(`CREATE TYPE "public"."apprentice_via" AS ENUM('LABOUR_CONTRACT', 'INTERNSHIP')`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "apprentice_via" "public"."apprentice_via"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD "enterprise_id" bigint`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD "to_enterprise" numeric(12,2) NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_apprentice" CHECK ((apprentice_employer_id IS NULL) = (apprentice_via IS NULL))`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "subsidy_claim_enterprise" CHECK (to_enterprise = 0 OR enterprise_id IS NOT NULL)`);
    // Written by hand: TypeORM does not compare the expressions of checks it already knows by name.
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "subsidy_claim_amounts"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "subsidy_claim_amounts" CHECK (amount = to_enterprise + to_provider + to_trainee AND to_enterprise >= 0 AND to_provider >= 0 AND to_trainee >= 0 AND amount > 0)`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "FK_2d289ff83a3ddad0a753390a125" FOREIGN KEY ("apprentice_employer_id") REFERENCES "enterprise"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "work_agreement" ADD CONSTRAINT "FK_5f80be996da64d2ba7792ba45c3" FOREIGN KEY ("seeker_id") REFERENCES "job_seeker"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "work_agreement" ADD CONSTRAINT "FK_9dc08a63e196d43537dea1acc2f" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "work_agreement" DROP CONSTRAINT "FK_9dc08a63e196d43537dea1acc2f"`);
    await queryRunner.query(`ALTER TABLE "work_agreement" DROP CONSTRAINT "FK_5f80be996da64d2ba7792ba45c3"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "FK_2d289ff83a3ddad0a753390a125"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "subsidy_claim_amounts"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "subsidy_claim_amounts" CHECK (amount = to_provider + to_trainee AND to_provider >= 0 AND to_trainee >= 0 AND amount > 0)`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "subsidy_claim_enterprise"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "enrollment_apprentice"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP COLUMN "to_enterprise"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP COLUMN "enterprise_id"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "apprentice_via"`);
    await queryRunner.query(`DROP TYPE "public"."apprentice_via"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "apprentice_employer_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9dc08a63e196d43537dea1acc2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5f80be996da64d2ba7792ba45c"`);
    await queryRunner.query(`DROP TABLE "work_agreement"`);
    await queryRunner.query(`DROP TYPE "public"."work_agreement_kind"`);
  }
}

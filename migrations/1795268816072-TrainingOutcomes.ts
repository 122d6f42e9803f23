import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TrainingOutcomes1795268816072 implements MigrationInterface {
  name = 'TrainingOutcomes1795268816072';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."training_completion" AS ENUM('COMPLETED', 'DROPPED_OUT')`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "completion" "public"."training_completion"`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "finished_on" date`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "certificate_level" "public"."skill_level"`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "certificate_number" text`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "employed_on" date`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "employer_credit_code" character(18)`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "outcome_reported_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_employment" CHECK ((employed_on IS NULL OR completion = 'COMPLETED') AND (employer_credit_code IS NULL OR employed_on IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_certificate" CHECK ((certificate_level IS NULL) = (certificate_number IS NULL) AND (certificate_level IS NULL OR completion = 'COMPLETED'))`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_outcome" CHECK ((completion IS NULL) = (finished_on IS NULL) AND (completion IS NULL) = (outcome_reported_at IS NULL) AND (completion IS NULL OR status = 'ENROLLED'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "enrollment_outcome"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "enrollment_certificate"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "enrollment_employment"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "outcome_reported_at"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "employer_credit_code"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "employed_on"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "certificate_number"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "certificate_level"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "finished_on"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "completion"`);
    await queryRunner.query(`DROP TYPE "public"."training_completion"`);
  }
}

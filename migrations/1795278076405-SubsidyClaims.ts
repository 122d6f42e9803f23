import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SubsidyClaims1795278076405 implements MigrationInterface {
  name = 'SubsidyClaims1795278076405';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."subsidy_claim_status" AS ENUM('SUBMITTED', 'APPROVED', 'REJECTED', 'PAID')`);
    await queryRunner.query(`CREATE TABLE "subsidy_claim" ("id" BIGSERIAL NOT NULL, "enrollment_id" bigint NOT NULL, "seeker_id" bigint NOT NULL, "course_id" bigint NOT NULL, "provider_id" bigint NOT NULL, "region_code" character(6) NOT NULL, "lines" jsonb NOT NULL, "amount" numeric(12,2) NOT NULL, "to_provider" numeric(12,2) NOT NULL, "to_trainee" numeric(12,2) NOT NULL, "status" "public"."subsidy_claim_status" NOT NULL DEFAULT 'SUBMITTED', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reviewed_at" TIMESTAMP WITH TIME ZONE, "review_note" text, "risks_acknowledged" text array NOT NULL DEFAULT '{}', "paid_on" date, "payment_reference" character varying(64), CONSTRAINT "subsidy_claim_payment" CHECK ((status = 'PAID') = (paid_on IS NOT NULL) AND (paid_on IS NULL) = (payment_reference IS NULL)), CONSTRAINT "subsidy_claim_review" CHECK ((status = 'SUBMITTED') = (reviewed_at IS NULL) AND (status <> 'REJECTED' OR review_note IS NOT NULL)), CONSTRAINT "subsidy_claim_amounts" CHECK (amount = to_provider + to_trainee AND to_provider >= 0 AND to_trainee >= 0 AND amount > 0), CONSTRAINT "PK_630c5578a36a2f5fc74b20b442f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_0c3bf3fcb8ccacca961117125c" ON "subsidy_claim"  ("enrollment_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c4329bcf8648a24eba292543a8" ON "subsidy_claim"  ("seeker_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_0e616bfa56c7a236802f3465d2" ON "subsidy_claim"  ("course_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_fd8fccc6133d8b44a4910c9edc" ON "subsidy_claim"  ("provider_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c35902b4be18d7ece12088e06a" ON "subsidy_claim"  ("region_code") `);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "FK_0c3bf3fcb8ccacca961117125c0" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "FK_0c3bf3fcb8ccacca961117125c0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c35902b4be18d7ece12088e06a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fd8fccc6133d8b44a4910c9edc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0e616bfa56c7a236802f3465d2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c4329bcf8648a24eba292543a8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0c3bf3fcb8ccacca961117125c"`);
    await queryRunner.query(`DROP TABLE "subsidy_claim"`);
    await queryRunner.query(`DROP TYPE "public"."subsidy_claim_status"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TrainingVouchers1795276311625 implements MigrationInterface {
  name = 'TrainingVouchers1795276311625';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "training_voucher" ("id" BIGSERIAL NOT NULL, "seeker_id" bigint NOT NULL, "region_code" character(6) NOT NULL, "occupation_code" character varying(10), "valid_from" date NOT NULL, "valid_until" date NOT NULL, "enrollment_id" bigint, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" text, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "training_voucher_revoked" CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL) AND (revoked_at IS NULL OR enrollment_id IS NULL)), CONSTRAINT "training_voucher_dates" CHECK (valid_until >= valid_from), CONSTRAINT "PK_1f6cb372b6c5a7bc5c0413da8fd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_4d53fefddd8b698b21bb1eeeaf" ON "training_voucher"  ("seeker_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "training_voucher_enrollment" ON "training_voucher"  ("enrollment_id") WHERE enrollment_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "training_voucher" ADD CONSTRAINT "FK_4d53fefddd8b698b21bb1eeeaf3" FOREIGN KEY ("seeker_id") REFERENCES "job_seeker"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_voucher" ADD CONSTRAINT "FK_00f94ac6771938a010aa42f8303" FOREIGN KEY ("occupation_code") REFERENCES "occupation"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_voucher" ADD CONSTRAINT "FK_fb94031cedc55f73c973b207468" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "training_voucher" DROP CONSTRAINT "FK_fb94031cedc55f73c973b207468"`);
    await queryRunner.query(`ALTER TABLE "training_voucher" DROP CONSTRAINT "FK_00f94ac6771938a010aa42f8303"`);
    await queryRunner.query(`ALTER TABLE "training_voucher" DROP CONSTRAINT "FK_4d53fefddd8b698b21bb1eeeaf3"`);
    await queryRunner.query(`DROP INDEX "public"."training_voucher_enrollment"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4d53fefddd8b698b21bb1eeeaf"`);
    await queryRunner.query(`DROP TABLE "training_voucher"`);
  }
}

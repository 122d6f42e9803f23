import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Competitions1795281568551 implements MigrationInterface {
  name = 'Competitions1795281568551';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "competition" ("id" BIGSERIAL NOT NULL, "name" text NOT NULL, "level" "public"."competition_level" NOT NULL, "region_code" character(6) NOT NULL, "occupation_code" character varying(10), "final_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a52a6248db574777b226e9445bc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "competition_finalist" ("id" BIGSERIAL NOT NULL, "competition_id" bigint NOT NULL, "seeker_id" bigint NOT NULL, "enterprise_id" bigint, "provider_id" bigint, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "competition_finalist_sender" CHECK ((enterprise_id IS NULL) <> (provider_id IS NULL)), CONSTRAINT "PK_e9617f9c801227bf48e28132fa2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_e83b9fa3b82371922db26ca90e" ON "competition_finalist"  ("seeker_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "competition_finalist_once" ON "competition_finalist"  ("competition_id", "seeker_id") `);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD "finalist_id" bigint`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "FK_0c3bf3fcb8ccacca961117125c0"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ALTER COLUMN "enrollment_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ALTER COLUMN "course_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ALTER COLUMN "provider_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_139c1c88355f631090c49c5766" ON "subsidy_claim"  ("finalist_id") `);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "subsidy_claim_subject" CHECK ((enrollment_id IS NULL) <> (finalist_id IS NULL) AND (enrollment_id IS NULL) = (course_id IS NULL))`);
    await queryRunner.query(`ALTER TABLE "competition" ADD CONSTRAINT "FK_752a40c453b4761b4f46187edf4" FOREIGN KEY ("occupation_code") REFERENCES "occupation"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" ADD CONSTRAINT "FK_389db3fac2ef2cdb412d0004210" FOREIGN KEY ("competition_id") REFERENCES "competition"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" ADD CONSTRAINT "FK_e83b9fa3b82371922db26ca90e9" FOREIGN KEY ("seeker_id") REFERENCES "job_seeker"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" ADD CONSTRAINT "FK_95ff0b62b9b73075e76153933f1" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" ADD CONSTRAINT "FK_39916a34bfb51c561961623575f" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "FK_0c3bf3fcb8ccacca961117125c0" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "FK_139c1c88355f631090c49c5766d" FOREIGN KEY ("finalist_id") REFERENCES "competition_finalist"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "FK_139c1c88355f631090c49c5766d"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "FK_0c3bf3fcb8ccacca961117125c0"`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" DROP CONSTRAINT "FK_39916a34bfb51c561961623575f"`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" DROP CONSTRAINT "FK_95ff0b62b9b73075e76153933f1"`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" DROP CONSTRAINT "FK_e83b9fa3b82371922db26ca90e9"`);
    await queryRunner.query(`ALTER TABLE "competition_finalist" DROP CONSTRAINT "FK_389db3fac2ef2cdb412d0004210"`);
    await queryRunner.query(`ALTER TABLE "competition" DROP CONSTRAINT "FK_752a40c453b4761b4f46187edf4"`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP CONSTRAINT "subsidy_claim_subject"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_139c1c88355f631090c49c5766"`);
    // Claims for competition finalists have no seat to stand on without this migration.
    await queryRunner.query(`DELETE FROM "subsidy_claim" WHERE "finalist_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ALTER COLUMN "provider_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ALTER COLUMN "course_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ALTER COLUMN "enrollment_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" ADD CONSTRAINT "FK_0c3bf3fcb8ccacca961117125c0" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "subsidy_claim" DROP COLUMN "finalist_id"`);
    await queryRunner.query(`DROP INDEX "public"."competition_finalist_once"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e83b9fa3b82371922db26ca90e"`);
    await queryRunner.query(`DROP TABLE "competition_finalist"`);
    await queryRunner.query(`DROP TABLE "competition"`);
  }
}

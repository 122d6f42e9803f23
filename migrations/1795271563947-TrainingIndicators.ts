import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TrainingIndicators1795271563947 implements MigrationInterface {
  name = 'TrainingIndicators1795271563947';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."training_indicator" AS ENUM('SUBSIDISED_TRAININGS', 'MIGRANT_WORKER_TRAININGS', 'NEW_APPRENTICE_TRAININGS', 'NEW_CERTIFICATES', 'SENIOR_CERTIFICATES', 'EMPLOYED_AFTER_TRAINING')`);
    await queryRunner.query(`CREATE TABLE "indicator_target" ("id" BIGSERIAL NOT NULL, "region_code" character(6) NOT NULL, "indicator" "public"."training_indicator" NOT NULL, "period_from" date NOT NULL, "period_until" date NOT NULL, "target" integer NOT NULL, "basis" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "indicator_target_period_order" CHECK (period_until >= period_from), CONSTRAINT "indicator_target_positive" CHECK (target >= 1), CONSTRAINT "PK_9b6a07f7470f3a0f56e73b7a282" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "indicator_target_period" ON "indicator_target"  ("region_code", "indicator", "period_from", "period_until") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."indicator_target_period"`);
    await queryRunner.query(`DROP TABLE "indicator_target"`);
    await queryRunner.query(`DROP TYPE "public"."training_indicator"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Providers and their admissions, courses, subsidy standards, shortage catalogs. Enum types shared by several tables are created once. */
export class SupplySide1795243674547 implements MigrationInterface {
  name = 'SupplySide1795243674547';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."provider_type" AS ENUM('VOCATIONAL_COLLEGE', 'TECHNICAL_SCHOOL', 'HIGHER_EDUCATION', 'PRIVATE_TRAINING_INSTITUTION', 'ENTERPRISE_TRAINING_CENTER', 'ONLINE_PLATFORM', 'PUBLIC_TRAINING_BASE')`);
    await queryRunner.query(`CREATE TABLE "provider" ("id" BIGSERIAL NOT NULL, "credit_code" character(18) NOT NULL, "name" text NOT NULL, "type" "public"."provider_type" NOT NULL, "region_code" character(6) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_6ab2f66d8987bf1bfdd6136a2d5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_53346b3b8a30182644bb4594fa" ON "provider"  ("credit_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_af694502717fea97c33ab3d1e1" ON "provider"  ("region_code") `);
    await queryRunner.query(`CREATE TABLE "provider_admission" ("id" BIGSERIAL NOT NULL, "provider_id" bigint NOT NULL, "admitted_from" date NOT NULL, "admitted_until" date NOT NULL, "suspended_on" date, "suspension_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "provider_admission_period" CHECK (admitted_until >= admitted_from), CONSTRAINT "PK_bf4be52fd938bf14d85f6faaf13" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_b0dcf327f7c9c7265cf85490d6" ON "provider_admission"  ("provider_id") `);
    await queryRunner.query(`CREATE TYPE "public"."training_type" AS ENUM('EMPLOYMENT_SKILLS', 'SKILL_UPGRADING', 'ENTREPRENEURSHIP', 'NEW_APPRENTICESHIP', 'MAJOR_CONVERSION', 'LABOR_PREPARATION')`);
    await queryRunner.query(`CREATE TYPE "public"."course_mode" AS ENUM('ONSITE', 'ONLINE', 'BLENDED')`);
    await queryRunner.query(`CREATE TYPE "public"."seeker_group" AS ENUM('COLLEGE_GRADUATE', 'RURAL_MIGRANT_WORKER', 'RETURNEE', 'POVERTY_ALLEVIATED', 'VETERAN', 'DISABLED', 'UNEMPLOYED', 'LOW_INCOME_FAMILY', 'NON_CONTINUING_STUDENT')`);
    await queryRunner.query(`CREATE TYPE "public"."course_status" AS ENUM('DRAFT', 'PUBLISHED', 'CANCELLED')`);
    await queryRunner.query(`CREATE TABLE "course" ("id" BIGSERIAL NOT NULL, "provider_id" bigint NOT NULL, "title" text NOT NULL, "occupation_code" character varying(10) NOT NULL, "skill_level" "public"."skill_level" NOT NULL, "training_type" "public"."training_type" NOT NULL, "mode" "public"."course_mode" NOT NULL, "hours" integer NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "region_code" character(6) NOT NULL, "address" text, "capacity" integer NOT NULL, "enrolled" integer NOT NULL DEFAULT '0', "fee" numeric(12,2) NOT NULL, "eligible_groups" "public"."seeker_group" array NOT NULL DEFAULT '{}', "certificate" text, "description" text, "status" "public"."course_status" NOT NULL DEFAULT 'DRAFT', "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "course_hours" CHECK (hours > 0), CONSTRAINT "course_fee" CHECK (fee >= 0), CONSTRAINT "course_capacity" CHECK (capacity >= 1 AND enrolled BETWEEN 0 AND capacity), CONSTRAINT "course_dates" CHECK (ends_on >= starts_on), CONSTRAINT "PK_bf95180dd756fd204fb01ce4916" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_db21e09bdaf0a603868096344e" ON "course"  ("provider_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_3113352d08550fb11b0b1df408" ON "course"  ("occupation_code", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_57d47be1f9bdfbcd8d7c8a4433" ON "course"  ("region_code", "status") `);
    await queryRunner.query(`CREATE TYPE "public"."shortage_catalog_status" AS ENUM('DRAFT', 'PUBLISHED', 'SUPERSEDED')`);
    await queryRunner.query(`CREATE TABLE "shortage_catalog" ("id" BIGSERIAL NOT NULL, "region_code" character(6) NOT NULL, "period" text NOT NULL, "title" text NOT NULL, "status" "public"."shortage_catalog_status" NOT NULL DEFAULT 'DRAFT', "min_ratio" numeric(8,2) NOT NULL, "effective_from" date, "published_at" TIMESTAMP WITH TIME ZONE, "superseded_by_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_fb3e7cd709c4faff13b0354560a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_aa5b869e54d43e0f83c30f625c" ON "shortage_catalog"  ("region_code", "status", "effective_from") `);
    await queryRunner.query(`CREATE TYPE "public"."shortage_level" AS ENUM('SEVERE', 'SHORT', 'MILD')`);
    await queryRunner.query(`CREATE TABLE "shortage_catalog_entry" ("id" BIGSERIAL NOT NULL, "catalog_id" bigint NOT NULL, "occupation_code" character varying(10) NOT NULL, "level" "public"."shortage_level" NOT NULL, "subsidy_uplift_percent" numeric(5,2) NOT NULL, "note" text, "evidence_demand_headcount" integer, "evidence_supply" integer, "evidence_ratio" numeric(10,2), CONSTRAINT "shortage_entry_uplift" CHECK (subsidy_uplift_percent >= 0), CONSTRAINT "PK_f41fd9213cfb4d98d106212bd39" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e5fcdb535e358586bdb2234f90" ON "shortage_catalog_entry"  ("catalog_id", "occupation_code") `);
    await queryRunner.query(`CREATE TABLE "region_policy" ("region_code" character(6) NOT NULL, "max_shortage_uplift_percent" numeric(5,2) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "region_policy_cap" CHECK (max_shortage_uplift_percent BETWEEN 0 AND 100), CONSTRAINT "PK_9e29f42fae869de15fe1488e154" PRIMARY KEY ("region_code"))`);
    await queryRunner.query(`CREATE TYPE "public"."subsidy_kind" AS ENUM('TRAINING', 'GROUP_SUPPLEMENT', 'CERTIFICATE')`);
    await queryRunner.query(`CREATE TYPE "public"."subsidy_unit" AS ENUM('PER_PERSON', 'PER_PERSON_YEAR')`);
    await queryRunner.query(`CREATE TABLE "subsidy_standard" ("id" BIGSERIAL NOT NULL, "region_code" character(6) NOT NULL, "kind" "public"."subsidy_kind" NOT NULL DEFAULT 'TRAINING', "occupation_code" character varying(10), "skill_level" "public"."skill_level", "training_type" "public"."training_type", "seeker_group" "public"."seeker_group", "amount" numeric(12,2) NOT NULL, "unit" "public"."subsidy_unit" NOT NULL DEFAULT 'PER_PERSON', "effective_from" date NOT NULL, "effective_until" date, "basis" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "subsidy_standard_group" CHECK ((kind = 'GROUP_SUPPLEMENT') = (seeker_group IS NOT NULL)), CONSTRAINT "subsidy_standard_period" CHECK (effective_until IS NULL OR effective_until >= effective_from), CONSTRAINT "subsidy_standard_amount" CHECK (amount >= 0), CONSTRAINT "PK_88383865395c2fd25aa86c2f2b3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_513976c1bfc129fcea27d3235a" ON "subsidy_standard"  ("region_code", "kind") `);
    await queryRunner.query(`CREATE TABLE "course_post_demand" ("course_id" bigint NOT NULL, "post_demand_id" bigint NOT NULL, CONSTRAINT "PK_d937e2c8d787057cd290aa396e6" PRIMARY KEY ("course_id", "post_demand_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_3bfe4ca1f9173fb8290d88fb98" ON "course_post_demand"  ("course_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_8252dd9ef33148999ff6056f01" ON "course_post_demand"  ("post_demand_id") `);
    await queryRunner.query(`ALTER TABLE "provider_admission" ADD CONSTRAINT "FK_b0dcf327f7c9c7265cf85490d6c" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "course" ADD CONSTRAINT "FK_db21e09bdaf0a603868096344ea" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shortage_catalog_entry" ADD CONSTRAINT "FK_18b9e45404571aab6b2c7091afc" FOREIGN KEY ("catalog_id") REFERENCES "shortage_catalog"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "course_post_demand" ADD CONSTRAINT "FK_3bfe4ca1f9173fb8290d88fb984" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "course_post_demand" ADD CONSTRAINT "FK_8252dd9ef33148999ff6056f016" FOREIGN KEY ("post_demand_id") REFERENCES "post_demand"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course_post_demand" DROP CONSTRAINT "FK_8252dd9ef33148999ff6056f016"`);
    await queryRunner.query(`ALTER TABLE "course_post_demand" DROP CONSTRAINT "FK_3bfe4ca1f9173fb8290d88fb984"`);
    await queryRunner.query(`ALTER TABLE "shortage_catalog_entry" DROP CONSTRAINT "FK_18b9e45404571aab6b2c7091afc"`);
    await queryRunner.query(`ALTER TABLE "course" DROP CONSTRAINT "FK_db21e09bdaf0a603868096344ea"`);
    await queryRunner.query(`ALTER TABLE "provider_admission" DROP CONSTRAINT "FK_b0dcf327f7c9c7265cf85490d6c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8252dd9ef33148999ff6056f01"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3bfe4ca1f9173fb8290d88fb98"`);
    await queryRunner.query(`DROP TABLE "course_post_demand"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_513976c1bfc129fcea27d3235a"`);
    await queryRunner.query(`DROP TABLE "subsidy_standard"`);
    await queryRunner.query(`DROP TYPE "public"."subsidy_unit"`);
    await queryRunner.query(`DROP TYPE "public"."subsidy_kind"`);
    await queryRunner.query(`DROP TABLE "region_policy"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5fcdb535e358586bdb2234f90"`);
    await queryRunner.query(`DROP TABLE "shortage_catalog_entry"`);
    await queryRunner.query(`DROP TYPE "public"."shortage_level"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aa5b869e54d43e0f83c30f625c"`);
    await queryRunner.query(`DROP TABLE "shortage_catalog"`);
    await queryRunner.query(`DROP TYPE "public"."shortage_catalog_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_57d47be1f9bdfbcd8d7c8a4433"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3113352d08550fb11b0b1df408"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_db21e09bdaf0a603868096344e"`);
    await queryRunner.query(`DROP TABLE "course"`);
    await queryRunner.query(`DROP TYPE "public"."course_status"`);
    await queryRunner.query(`DROP TYPE "public"."seeker_group"`);
    await queryRunner.query(`DROP TYPE "public"."course_mode"`);
    await queryRunner.query(`DROP TYPE "public"."training_type"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b0dcf327f7c9c7265cf85490d6"`);
    await queryRunner.query(`DROP TABLE "provider_admission"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_af694502717fea97c33ab3d1e1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_53346b3b8a30182644bb4594fa"`);
    await queryRunner.query(`DROP TABLE "provider"`);
    await queryRunner.query(`DROP TYPE "public"."provider_type"`);
  }
}

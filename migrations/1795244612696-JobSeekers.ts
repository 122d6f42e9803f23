import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Job seekers with sealed personal data. skill_level and seeker_group already exist (earlier migrations) and are reused, not created. */
export class JobSeekers1795244612696 implements MigrationInterface {
  name = 'JobSeekers1795244612696';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."education_level" AS ENUM('JUNIOR_HIGH', 'SENIOR_HIGH', 'SECONDARY_VOCATIONAL', 'JUNIOR_COLLEGE', 'BACHELOR', 'MASTER', 'DOCTORATE')`);
    await queryRunner.query(`CREATE TYPE "public"."employment_status" AS ENUM('EMPLOYED', 'UNEMPLOYED', 'STUDENT')`);
    await queryRunner.query(`CREATE TABLE "job_seeker" ("id" BIGSERIAL NOT NULL, "name_sealed" bytea NOT NULL, "name_hash" bytea NOT NULL, "id_number_sealed" bytea NOT NULL, "id_number_hash" bytea NOT NULL, "phone_sealed" bytea NOT NULL, "phone_hash" bytea NOT NULL, "birth_date" date NOT NULL, "region_code" character(6) NOT NULL, "home_region_code" character(6), "education_level" "public"."education_level" NOT NULL, "major" text, "school" text, "graduation_date" date, "employment_status" "public"."employment_status" NOT NULL, "current_skill_level" "public"."skill_level", "certificates" text array NOT NULL DEFAULT '{}', "target_occupation_codes" character varying(10) array NOT NULL DEFAULT '{}', "groups" "public"."seeker_group" array NOT NULL DEFAULT '{}', "consent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_431f9daff3d1d2acce028738586" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_b94e388a8ba6b3bbd09f8d3621" ON "job_seeker"  ("name_hash") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_720f51ab482d2585f6464fbe49" ON "job_seeker"  ("id_number_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_78c71629ed2907024445b5d222" ON "job_seeker"  ("phone_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_bf80af9c5dcb20e2f7a80966e0" ON "job_seeker"  ("region_code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bf80af9c5dcb20e2f7a80966e0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_78c71629ed2907024445b5d222"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_720f51ab482d2585f6464fbe49"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b94e388a8ba6b3bbd09f8d3621"`);
    await queryRunner.query(`DROP TABLE "job_seeker"`);
    await queryRunner.query(`DROP TYPE "public"."employment_status"`);
    await queryRunner.query(`DROP TYPE "public"."education_level"`);
  }
}

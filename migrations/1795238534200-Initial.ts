import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795238534200 implements MigrationInterface {
  name = 'Initial1795238534200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_key" ("id" BIGSERIAL NOT NULL, "key_hash" text NOT NULL, "prefix" text NOT NULL, "agency" text NOT NULL, "region_code" character(6) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_3c9751d2a6011ba13e27838105e" UNIQUE ("key_hash"), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "audit_entry" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" text NOT NULL, "actor_role" text NOT NULL, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "changes" jsonb NOT NULL, "request_id" text, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_63fffa54263a5976411f9c6899" ON "audit_entry"  ("entity_type", "entity_id", "at") `);
    await queryRunner.query(`CREATE TABLE "occupation" ("code" character varying(10) NOT NULL, "name" text NOT NULL, "major_group" smallint NOT NULL, "is_digital" boolean, "is_green" boolean, "definition" text, "tasks" text, "aliases" text array NOT NULL DEFAULT '{}', "source" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "occupation_code_format" CHECK (code ~ '^[1-8]-[0-9]{2}-[0-9]{2}-[0-9]{2}$'), CONSTRAINT "PK_d3dcd8193f562dc092ef325ea14" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_4106ca28a817e2184283f797b2" ON "occupation"  ("major_group") `);
    await queryRunner.query(`CREATE TYPE "public"."region_level" AS ENUM('PROVINCE', 'PREFECTURE', 'COUNTY')`);
    await queryRunner.query(`CREATE TABLE "region" ("code" character(6) NOT NULL, "name" text NOT NULL, "level" "public"."region_level" NOT NULL, "parent_code" character(6), CONSTRAINT "PK_74f7723fdff738f92929c0056cb" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_73a16baaad741cbb01fa629e95" ON "region"  ("parent_code") `);
    await queryRunner.query(`CREATE TABLE "search_outbox" ("id" BIGSERIAL NOT NULL, "index_name" text NOT NULL, "document_id" text NOT NULL, "enqueued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, CONSTRAINT "PK_f0e10017d6287176243c2926453" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_003cd238b1c9ba5bcceefd279b" ON "search_outbox"  ("index_name", "available_at") `);
    await queryRunner.query(`CREATE TABLE "search_index_state" ("index_name" text NOT NULL, "last_synced_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "last_rebuilt_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_38ffb5ad69b85d03ad77a5e4ba0" PRIMARY KEY ("index_name"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "search_index_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_003cd238b1c9ba5bcceefd279b"`);
    await queryRunner.query(`DROP TABLE "search_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_73a16baaad741cbb01fa629e95"`);
    await queryRunner.query(`DROP TABLE "region"`);
    await queryRunner.query(`DROP TYPE "public"."region_level"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4106ca28a817e2184283f797b2"`);
    await queryRunner.query(`DROP TABLE "occupation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_63fffa54263a5976411f9c6899"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
  }
}

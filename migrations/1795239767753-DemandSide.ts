import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DemandSide1795239767753 implements MigrationInterface {
  name = 'DemandSide1795239767753';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "demand_survey" ("id" BIGSERIAL NOT NULL, "region_code" character(6) NOT NULL, "period" text NOT NULL, "title" text NOT NULL, "opens_on" date NOT NULL, "closes_on" date NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "demand_survey_dates" CHECK (closes_on >= opens_on), CONSTRAINT "PK_551ff0d1d625d2794b802fb491b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_06051f64ae54e6057686de8d61" ON "demand_survey"  ("region_code", "period") `);
    await queryRunner.query(`CREATE TYPE "public"."post_demand_change_kind" AS ENUM('CREATED', 'UPDATED', 'WITHDRAWN', 'EXPIRED', 'FILLED')`);
    await queryRunner.query(`CREATE TABLE "post_demand_change" ("id" BIGSERIAL NOT NULL, "post_demand_id" bigint NOT NULL, "kind" "public"."post_demand_change_kind" NOT NULL, "txid" bigint NOT NULL, "source" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_113bca520b8176c1cb483f3830a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6319bda0109cbede611eb75640" ON "post_demand_change"  ("post_demand_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_af466bf25152315bb1d10f7e60" ON "post_demand_change"  ("txid", "id") `);
    await queryRunner.query(`CREATE TABLE "sync_request" ("agency" text NOT NULL, "idempotency_key" text NOT NULL, "request_hash" text NOT NULL, "response" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_987cb85b12bab50e7407ebdc6d5" PRIMARY KEY ("agency", "idempotency_key"))`);
    await queryRunner.query(`CREATE TYPE "public"."cluster_category" AS ENUM('MANUFACTURING', 'SERVICES', 'STRATEGIC_EMERGING', 'URBAN_AGRICULTURE')`);
    await queryRunner.query(`CREATE TABLE "industrial_cluster" ("id" BIGSERIAL NOT NULL, "region_code" character(6) NOT NULL, "name" text NOT NULL, "category" "public"."cluster_category" NOT NULL, CONSTRAINT "PK_2a3fc399b6ac8cb0c41a70afdb0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4c3f999b5e9516591d9ebe6f18" ON "industrial_cluster"  ("region_code", "name") `);
    await queryRunner.query(`CREATE TYPE "public"."enterprise_tag" AS ENUM('CHAIN_LEADER', 'INDUSTRY_LEADER', 'SPECIALIZED_SME', 'STATE_OWNED')`);
    await queryRunner.query(`CREATE TABLE "enterprise" ("id" BIGSERIAL NOT NULL, "credit_code" character(18) NOT NULL, "name" text NOT NULL, "region_code" character(6) NOT NULL, "industry_code" text, "tags" "public"."enterprise_tag" array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "enterprise_credit_code_format" CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'), CONSTRAINT "PK_09687cd306dc5d486c0e227c471" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_95895967c00ece7a8dec9d99e6" ON "enterprise"  ("credit_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_b2de7ad4e0e766dcf3fd837b85" ON "enterprise"  ("region_code") `);
    await queryRunner.query(`CREATE TYPE "public"."skill_level" AS ENUM('APPRENTICE', 'JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN', 'SENIOR_TECHNICIAN', 'SPECIAL_TECHNICIAN', 'CHIEF_TECHNICIAN')`);
    await queryRunner.query(`CREATE TYPE "public"."post_demand_status" AS ENUM('OPEN', 'FILLED', 'WITHDRAWN', 'EXPIRED')`);
    await queryRunner.query(`CREATE TABLE "post_demand" ("id" BIGSERIAL NOT NULL, "enterprise_id" bigint NOT NULL, "survey_id" bigint, "occupation_code" character varying(10) NOT NULL, "job_title" text NOT NULL, "headcount" integer NOT NULL, "skill_level" "public"."skill_level" NOT NULL, "wage_min" numeric(12,2) NOT NULL, "wage_max" numeric(12,2) NOT NULL, "region_code" character(6) NOT NULL, "tasks" text, "valid_until" date NOT NULL, "status" "public"."post_demand_status" NOT NULL DEFAULT 'OPEN', "source" text, "external_id" text, "source_updated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "post_demand_wages" CHECK (wage_min >= 0 AND wage_max >= wage_min), CONSTRAINT "post_demand_headcount" CHECK (headcount BETWEEN 1 AND 100000), CONSTRAINT "PK_50df080c26b832c90296682e9c8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_bf7b6643f872393f884ec244cd" ON "post_demand"  ("enterprise_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_72715b4ee1318228c03c9dcf3b" ON "post_demand"  ("survey_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_aa5109745fb8f6d5988650c314" ON "post_demand"  ("occupation_code", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_e86aacfc5d5c1aa8c4511b61e4" ON "post_demand"  ("region_code", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b30d2dfd679c6eb6a20c9284a3" ON "post_demand"  ("source", "external_id") WHERE source IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "skill_chain" ("id" BIGSERIAL NOT NULL, "name" text NOT NULL, "region_code" character(6) NOT NULL, "leader_enterprise_id" bigint NOT NULL, "cluster_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_02b21b3e2dc32c20d3f68be1f93" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_83aca506ea4ad08676ce2f45d1" ON "skill_chain"  ("region_code") `);
    await queryRunner.query(`CREATE TYPE "public"."skill_chain_member_kind" AS ENUM('ENTERPRISE', 'HIGHER_EDUCATION', 'VOCATIONAL_SCHOOL', 'TRAINING_INSTITUTION', 'EVALUATION_BODY', 'HR_SERVICE_BODY')`);
    await queryRunner.query(`CREATE TABLE "skill_chain_member" ("id" BIGSERIAL NOT NULL, "chain_id" bigint NOT NULL, "kind" "public"."skill_chain_member_kind" NOT NULL, "credit_code" character(18) NOT NULL, "name" text NOT NULL, "enterprise_id" bigint, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6dea1c5e326dc87280c477acf78" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e28a8b5a5e21e360dd17fefe56" ON "skill_chain_member"  ("chain_id", "credit_code") `);
    await queryRunner.query(`CREATE TABLE "enterprise_cluster" ("enterprise_id" bigint NOT NULL, "cluster_id" bigint NOT NULL, CONSTRAINT "PK_dc59b45d3a5c5d909f9665a53fd" PRIMARY KEY ("enterprise_id", "cluster_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_014398ef17cf22ab66e0472487" ON "enterprise_cluster"  ("enterprise_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_e41ec2246b92c1bdf1bb8ec29b" ON "enterprise_cluster"  ("cluster_id") `);
    await queryRunner.query(`ALTER TABLE "post_demand" ADD CONSTRAINT "FK_bf7b6643f872393f884ec244cdd" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_demand" ADD CONSTRAINT "FK_72715b4ee1318228c03c9dcf3b0" FOREIGN KEY ("survey_id") REFERENCES "demand_survey"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "skill_chain" ADD CONSTRAINT "FK_9b6d7be168db19b2a4e9f33be5d" FOREIGN KEY ("leader_enterprise_id") REFERENCES "enterprise"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "skill_chain" ADD CONSTRAINT "FK_6a3085b255667881f4248f4dd7f" FOREIGN KEY ("cluster_id") REFERENCES "industrial_cluster"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "skill_chain_member" ADD CONSTRAINT "FK_a20c17eb1b6c8206a29f64ad512" FOREIGN KEY ("chain_id") REFERENCES "skill_chain"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "skill_chain_member" ADD CONSTRAINT "FK_95483cfe1bbdf8cceb6dfb9d188" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enterprise_cluster" ADD CONSTRAINT "FK_014398ef17cf22ab66e04724878" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "enterprise_cluster" ADD CONSTRAINT "FK_e41ec2246b92c1bdf1bb8ec29bc" FOREIGN KEY ("cluster_id") REFERENCES "industrial_cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enterprise_cluster" DROP CONSTRAINT "FK_e41ec2246b92c1bdf1bb8ec29bc"`);
    await queryRunner.query(`ALTER TABLE "enterprise_cluster" DROP CONSTRAINT "FK_014398ef17cf22ab66e04724878"`);
    await queryRunner.query(`ALTER TABLE "skill_chain_member" DROP CONSTRAINT "FK_95483cfe1bbdf8cceb6dfb9d188"`);
    await queryRunner.query(`ALTER TABLE "skill_chain_member" DROP CONSTRAINT "FK_a20c17eb1b6c8206a29f64ad512"`);
    await queryRunner.query(`ALTER TABLE "skill_chain" DROP CONSTRAINT "FK_6a3085b255667881f4248f4dd7f"`);
    await queryRunner.query(`ALTER TABLE "skill_chain" DROP CONSTRAINT "FK_9b6d7be168db19b2a4e9f33be5d"`);
    await queryRunner.query(`ALTER TABLE "post_demand" DROP CONSTRAINT "FK_72715b4ee1318228c03c9dcf3b0"`);
    await queryRunner.query(`ALTER TABLE "post_demand" DROP CONSTRAINT "FK_bf7b6643f872393f884ec244cdd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e41ec2246b92c1bdf1bb8ec29b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_014398ef17cf22ab66e0472487"`);
    await queryRunner.query(`DROP TABLE "enterprise_cluster"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e28a8b5a5e21e360dd17fefe56"`);
    await queryRunner.query(`DROP TABLE "skill_chain_member"`);
    await queryRunner.query(`DROP TYPE "public"."skill_chain_member_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_83aca506ea4ad08676ce2f45d1"`);
    await queryRunner.query(`DROP TABLE "skill_chain"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b30d2dfd679c6eb6a20c9284a3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e86aacfc5d5c1aa8c4511b61e4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aa5109745fb8f6d5988650c314"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_72715b4ee1318228c03c9dcf3b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bf7b6643f872393f884ec244cd"`);
    await queryRunner.query(`DROP TABLE "post_demand"`);
    await queryRunner.query(`DROP TYPE "public"."post_demand_status"`);
    await queryRunner.query(`DROP TYPE "public"."skill_level"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b2de7ad4e0e766dcf3fd837b85"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_95895967c00ece7a8dec9d99e6"`);
    await queryRunner.query(`DROP TABLE "enterprise"`);
    await queryRunner.query(`DROP TYPE "public"."enterprise_tag"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4c3f999b5e9516591d9ebe6f18"`);
    await queryRunner.query(`DROP TABLE "industrial_cluster"`);
    await queryRunner.query(`DROP TYPE "public"."cluster_category"`);
    await queryRunner.query(`DROP TABLE "sync_request"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_af466bf25152315bb1d10f7e60"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6319bda0109cbede611eb75640"`);
    await queryRunner.query(`DROP TABLE "post_demand_change"`);
    await queryRunner.query(`DROP TYPE "public"."post_demand_change_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_06051f64ae54e6057686de8d61"`);
    await queryRunner.query(`DROP TABLE "demand_survey"`);
  }
}

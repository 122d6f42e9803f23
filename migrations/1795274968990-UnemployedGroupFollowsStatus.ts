import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * UNEMPLOYED (失业人员) only while the seeker is out of work. Seekers in work or at school who still
 * carried the group (a job reported through an enrolment left it behind) lose it, audited, before
 * the database starts refusing the combination.
 */
export class UnemployedGroupFollowsStatus1795274968990 implements MigrationInterface {
  name = 'UnemployedGroupFollowsStatus1795274968990';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH corrected AS (
        UPDATE "job_seeker" SET "groups" = array_remove("groups", 'UNEMPLOYED'), "version" = "version" + 1, "updated_at" = now()
         WHERE "employment_status" <> 'UNEMPLOYED' AND 'UNEMPLOYED' = ANY("groups")
        RETURNING "id", "region_code", "employment_status"
      )
      INSERT INTO "audit_entry" ("actor", "actor_role", "action", "entity_type", "entity_id", "region_codes", "changes")
      SELECT 'system:migration', 'SYSTEM', 'UPDATE', 'JobSeeker', "id"::text, ARRAY[trim("region_code")],
             jsonb_build_object('groups', jsonb_build_object('removed', jsonb_build_array('UNEMPLOYED'), 'because', 'employmentStatus ' || "employment_status"))
        FROM corrected`);
    await queryRunner.query(`ALTER TABLE "job_seeker" ADD CONSTRAINT "job_seeker_unemployed_group" CHECK (employment_status = 'UNEMPLOYED' OR NOT 'UNEMPLOYED' = ANY(groups))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job_seeker" DROP CONSTRAINT "job_seeker_unemployed_group"`);
  }
}

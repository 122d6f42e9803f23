import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each seat keeps the trainee's key groups of the day it was taken. Seats taken before get the
 * trainee's stored groups, with COLLEGE_GRADUATE worked out for the day of enrolment as the
 * application does (isCollegeGraduate; employment status as it is now, the one on record).
 */
export class EnrollmentTraineeGroups1795275305202 implements MigrationInterface {
  name = 'EnrollmentTraineeGroups1795275305202';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "trainee_groups" "public"."seeker_group" array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      UPDATE "enrollment" e
         SET "trainee_groups" = CASE WHEN graduate THEN array_prepend('COLLEGE_GRADUATE'::"public"."seeker_group", s."groups") ELSE s."groups" END
        FROM (
          SELECT s."id", s."groups", (s."education_level" IN ('JUNIOR_COLLEGE', 'BACHELOR', 'MASTER', 'DOCTORATE') AND s."graduation_date" IS NOT NULL AND (
                   extract(year FROM s."graduation_date") = extract(year FROM d.day)
                OR (s."employment_status" = 'STUDENT' AND s."graduation_date" > d.day AND s."graduation_date" <= d.day + interval '1 year')
                OR (s."graduation_date" <= d.day AND s."graduation_date" >= d.day - interval '3 years' AND s."employment_status" <> 'EMPLOYED'))) AS graduate,
                 d.enrollment_id
            FROM "job_seeker" s
            JOIN (SELECT "id" AS enrollment_id, "seeker_id", ("enrolled_at" AT TIME ZONE 'Asia/Shanghai')::date AS day FROM "enrollment") d ON d."seeker_id" = s."id"
        ) s
       WHERE e."id" = s.enrollment_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "trainee_groups"`);
  }
}

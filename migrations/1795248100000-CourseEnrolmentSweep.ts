import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day up to which course search documents know their start day has passed (their `enrollable`
 * flag is false), for the housekeeping sweep that re-indexes courses as they start. Every course is
 * queued once for re-indexing, so documents built before the flag existed gain it.
 */
export class CourseEnrolmentSweep1795248100000 implements MigrationInterface {
  name = 'CourseEnrolmentSweep1795248100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE course_enrolment_sweep (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      swept_through date NOT NULL)`);
    await queryRunner.query(`INSERT INTO course_enrolment_sweep (swept_through) VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date)`);
    await queryRunner.query(`INSERT INTO search_outbox (index_name, document_id) SELECT 'courses', id::text FROM course`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE course_enrolment_sweep`);
  }
}

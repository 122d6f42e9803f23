import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditRegions1795270421076 implements MigrationInterface {
  name = 'AuditRegions1795270421076';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "region_codes" text array NOT NULL DEFAULT '{}'`);
    // Entries written before regions were recorded take their entity's region as it is now.
    const byEntity: [string, string][] = [
      ['Enterprise', 'enterprise'],
      ['Provider', 'provider'],
      ['Course', 'course'],
      ['PostDemand', 'post_demand'],
      ['JobSeeker', 'job_seeker'],
      ['SubsidyStandard', 'subsidy_standard'],
      ['ShortageCatalog', 'shortage_catalog'],
      ['DemandSurvey', 'demand_survey'],
      ['SkillChain', 'skill_chain'],
      ['ApiKey', 'api_key'],
    ];
    for (const [entityType, table] of byEntity) {
      await queryRunner.query(
        `UPDATE "audit_entry" a SET "region_codes" = ARRAY[t.region_code::text] FROM "${table}" t WHERE a.entity_type = $1 AND a.entity_id = t.id::text`,
        [entityType],
      );
    }
    await queryRunner.query(`UPDATE "audit_entry" SET "region_codes" = ARRAY[entity_id] WHERE entity_type = 'RegionPolicy'`);
    await queryRunner.query(
      `UPDATE "audit_entry" a SET "region_codes" = ARRAY(SELECT DISTINCT r FROM unnest(ARRAY[c.region_code::text, s.region_code::text]) r ORDER BY r)
         FROM "enrollment" e JOIN "course" c ON c.id = e.course_id JOIN "job_seeker" s ON s.id = e.seeker_id
        WHERE a.entity_type = 'Enrollment' AND a.entity_id = e.id::text`,
    );
    await queryRunner.query(
      `UPDATE "audit_entry" a SET "region_codes" = ARRAY(
          SELECT DISTINCT p.region_code::text FROM "post_demand" p
           WHERE p.id::text IN (SELECT jsonb_array_elements_text(a.changes->'createdIds') UNION SELECT jsonb_array_elements_text(a.changes->'updatedIds'))
           ORDER BY 1)
        WHERE a.entity_type = 'PostDemandSource'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "region_codes"`);
  }
}

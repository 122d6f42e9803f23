import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenDemandByOccupation1795247077038 implements MigrationInterface {
  name = 'OpenDemandByOccupation1795247077038';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_aa5109745fb8f6d5988650c314"`);
    await queryRunner.query(`CREATE INDEX "post_demand_open_by_occupation" ON "post_demand"  ("occupation_code", "region_code", "valid_until", "headcount") WHERE status = 'OPEN'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."post_demand_open_by_occupation"`);
    await queryRunner.query(`CREATE INDEX "IDX_aa5109745fb8f6d5988650c314" ON "post_demand" USING btree ("occupation_code", "status") `);
  }
}

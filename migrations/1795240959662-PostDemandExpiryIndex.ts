import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PostDemandExpiryIndex1795240959662 implements MigrationInterface {
  name = 'PostDemandExpiryIndex1795240959662';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "post_demand_open_valid_until" ON "post_demand"  ("valid_until") WHERE status = 'OPEN'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."post_demand_open_valid_until"`);
  }
}

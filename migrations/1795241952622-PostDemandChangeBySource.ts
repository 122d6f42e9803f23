import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PostDemandChangeBySource1795241952622 implements MigrationInterface {
  name = 'PostDemandChangeBySource1795241952622';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_eb9f329cff66d29c507f065128" ON "post_demand_change"  ("source", "txid", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_eb9f329cff66d29c507f065128"`);
  }
}

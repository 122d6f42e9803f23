import type { MigrationInterface, QueryRunner } from 'typeorm';

/** No query reads the feed by post-demand id, and every sync and import row paid for the index. */
export class PostDemandChangeLeanIndexes1795243521576 implements MigrationInterface {
  name = 'PostDemandChangeLeanIndexes1795243521576';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_6319bda0109cbede611eb75640"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_6319bda0109cbede611eb75640" ON "post_demand_change" USING btree ("post_demand_id") `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OccupationCodeMapping1795240081059 implements MigrationInterface {
  name = 'OccupationCodeMapping1795240081059';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "occupation_code_mapping" ("old_code" character varying(10) NOT NULL, "edition" smallint NOT NULL, "new_code" character varying(10) NOT NULL, CONSTRAINT "PK_9e5514daeb3a3251a37433780a5" PRIMARY KEY ("old_code", "edition"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "occupation_code_mapping"`);
  }
}

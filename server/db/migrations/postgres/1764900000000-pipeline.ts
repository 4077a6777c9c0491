import type { MigrationInterface, QueryRunner } from "typeorm";
import { PIPELINE_DROPS, pipelineTables } from "../shared/pipeline-tables";

/** Opportunities in a pipeline of stages, their fields, files, history and timeouts; mini-program sessions. */
export class Pipeline1764900000000 implements MigrationInterface {
  name = "Pipeline1764900000000";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of pipelineTables(`"id" SERIAL PRIMARY KEY`)) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of PIPELINE_DROPS) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`ALTER TABLE "customer" DROP COLUMN "lastContactInteractionId"`);
  }
}

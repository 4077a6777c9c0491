import type { MigrationInterface, QueryRunner } from "typeorm";
import { RED_DOT_DROPS, RED_DOT_INDEX_DROPS, redDotTables } from "../shared/red-dot-tables";

/** Red dots, quote approvals, and the job-run rows that make a scheduled job run once per slot. */
export class RedDots1765000000000 implements MigrationInterface {
  name = "RedDots1765000000000";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of redDotTables(`"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`, "(0)")) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of RED_DOT_INDEX_DROPS) {
      await q.query(`DROP INDEX "${index}"`);
    }
    for (const table of RED_DOT_DROPS) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";
import {
  CUSTOMER_RECORD_COLUMNS,
  CUSTOMER_RECORD_DROPS,
  customerRecordTables,
} from "../shared/customer-record-tables";

/** Interactions and what they leave on the customer, the outbox, cards, WeChat contacts. */
export class CustomerRecord1764800000000 implements MigrationInterface {
  name = "CustomerRecord1764800000000";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of CUSTOMER_RECORD_COLUMNS) {
      await q.query(sql);
    }
    await q.query(`ALTER TABLE "contact" ALTER COLUMN "role" DROP NOT NULL`);
    for (const sql of customerRecordTables(`"id" SERIAL PRIMARY KEY`)) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CUSTOMER_RECORD_DROPS) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`UPDATE "contact" SET "role" = 'user' WHERE "role" IS NULL`);
    await q.query(`ALTER TABLE "contact" ALTER COLUMN "role" SET NOT NULL`);
    for (const column of ["phone", "externalUserid", "lastContactAt"]) {
      await q.query(`ALTER TABLE "contact" DROP COLUMN "${column}"`);
    }
    for (const column of ["aliases", "budget", "timeline", "tags", "lastContactAt"]) {
      await q.query(`ALTER TABLE "customer" DROP COLUMN "${column}"`);
    }
  }
}

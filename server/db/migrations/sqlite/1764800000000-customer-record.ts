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
    // SQLite cannot drop a NOT NULL constraint: the table is rebuilt with the same rows. Nothing
    // references contact yet, so the copy keeps every id and no foreign key notices.
    await q.query(`CREATE TABLE "contact_new" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "customerId" integer NOT NULL REFERENCES "customer" ("id") ON DELETE CASCADE,
      "name" varchar(100) NOT NULL,
      "role" varchar(16),
      "createdAt" bigint NOT NULL,
      "phone" varchar(32),
      "externalUserid" varchar(64),
      "lastContactAt" bigint)`);
    await q.query(
      `INSERT INTO "contact_new" ("id", "customerId", "name", "role", "createdAt", "phone", ` +
        `"externalUserid", "lastContactAt") SELECT "id", "customerId", "name", "role", "createdAt", ` +
        `"phone", "externalUserid", "lastContactAt" FROM "contact"`,
    );
    await q.query(`DROP TABLE "contact"`);
    await q.query(`ALTER TABLE "contact_new" RENAME TO "contact"`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_contact_customer_name" ON "contact" ("customerId", "name")`,
    );
    for (const sql of customerRecordTables(`"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`)) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CUSTOMER_RECORD_DROPS) {
      await q.query(`DROP TABLE "${table}"`);
    }
    // Limitation: SQLite keeps the columns this migration added (dropping one needs a table rebuild
    // per table); they are harmless to the earlier schema's code and go with the next rebuild.
  }
}

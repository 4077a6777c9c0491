import type { MigrationInterface, QueryRunner } from "typeorm";

/** People, customers, contacts and the delivery inbox (issue: foundation). */
export class Foundation1764700000000 implements MigrationInterface {
  name = "Foundation1764700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "person" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "userid" varchar(64) NOT NULL,
      "name" varchar(100) NOT NULL,
      "role" varchar(16) NOT NULL,
      "managerUserid" varchar(64),
      "createdAt" bigint NOT NULL,
      "updatedAt" bigint NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "IDX_person_userid" ON "person" ("userid")`);
    await q.query(`CREATE INDEX "IDX_person_manager" ON "person" ("managerUserid")`);

    await q.query(`CREATE TABLE "customer" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "name" varchar(200) NOT NULL,
      "ownerUserid" varchar(64) NOT NULL,
      "isKey" boolean NOT NULL DEFAULT (0),
      "industry" varchar(100),
      "address" varchar(300),
      "latitude" double precision,
      "longitude" double precision,
      "createdAt" bigint NOT NULL,
      "updatedAt" bigint NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "IDX_customer_name" ON "customer" ("name")`);
    await q.query(`CREATE INDEX "IDX_customer_owner" ON "customer" ("ownerUserid")`);

    await q.query(`CREATE TABLE "contact" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "customerId" integer NOT NULL REFERENCES "customer" ("id") ON DELETE CASCADE,
      "name" varchar(100) NOT NULL,
      "role" varchar(16) NOT NULL,
      "createdAt" bigint NOT NULL)`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_contact_customer_name" ON "contact" ("customerId", "name")`,
    );

    await q.query(`CREATE TABLE "inbox_item" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "deliveryKey" varchar(128) NOT NULL,
      "source" varchar(32) NOT NULL,
      "kind" varchar(64) NOT NULL,
      "payload" text NOT NULL,
      "status" varchar(16) NOT NULL DEFAULT ('pending'),
      "attempts" integer NOT NULL DEFAULT (0),
      "availableAt" bigint NOT NULL,
      "leaseUntil" bigint,
      "lastError" varchar(200),
      "receivedAt" bigint NOT NULL,
      "processedAt" bigint)`);
    await q.query(`CREATE UNIQUE INDEX "IDX_inbox_delivery_key" ON "inbox_item" ("deliveryKey")`);
    await q.query(
      `CREATE INDEX "IDX_inbox_status_available" ON "inbox_item" ("status", "availableAt")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "inbox_item"`);
    await q.query(`DROP TABLE "contact"`);
    await q.query(`DROP TABLE "customer"`);
    await q.query(`DROP TABLE "person"`);
  }
}

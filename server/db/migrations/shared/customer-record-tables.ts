/**
 * The tables the customer record adds, written once for both dialects: they differ only in how an
 * auto-increment key is spelled, which the caller passes in. Every instant is epoch milliseconds in a
 * bigint (see timestamp-column.ts); JSON is text.
 */
export function customerRecordTables(idColumn: string): string[] {
  return [
    `CREATE TABLE "outbox_message" (
      ${idColumn},
      "dedupeKey" varchar(200) NOT NULL,
      "kind" varchar(32) NOT NULL,
      "touser" varchar(64) NOT NULL,
      "body" text NOT NULL,
      "status" varchar(16) NOT NULL DEFAULT 'pending',
      "attempts" integer NOT NULL DEFAULT 0,
      "availableAt" bigint NOT NULL,
      "leaseUntil" bigint,
      "lastError" varchar(200),
      "createdAt" bigint NOT NULL,
      "processedAt" bigint)`,
    `CREATE UNIQUE INDEX "IDX_outbox_dedupe_key" ON "outbox_message" ("dedupeKey")`,
    `CREATE INDEX "IDX_outbox_status_available" ON "outbox_message" ("status", "availableAt")`,
    `CREATE INDEX "IDX_outbox_touser_processed" ON "outbox_message" ("touser", "processedAt")`,

    `CREATE TABLE "interaction" (
      ${idColumn},
      "sourceKey" varchar(160) NOT NULL,
      "customerId" integer REFERENCES "customer" ("id"),
      "repUserid" varchar(64) NOT NULL,
      "source" varchar(16) NOT NULL,
      "text" text NOT NULL,
      "occurredAt" bigint NOT NULL,
      "extraction" text NOT NULL,
      "signalCount" integer NOT NULL DEFAULT 0,
      "status" varchar(24) NOT NULL DEFAULT 'logged',
      "durationSec" integer,
      "phone" varchar(32),
      "conclusions" text,
      "conclusionsAt" bigint,
      "conclusionsSourceKey" varchar(160),
      "conclusionsExtraction" text,
      "createdAt" bigint NOT NULL)`,
    `CREATE UNIQUE INDEX "IDX_interaction_source_key" ON "interaction" ("sourceKey")`,
    `CREATE INDEX "IDX_interaction_customer_time" ON "interaction" ("customerId", "occurredAt")`,
    `CREATE INDEX "IDX_interaction_rep_time" ON "interaction" ("repUserid", "occurredAt")`,
    `CREATE INDEX "IDX_interaction_conclusions_key" ON "interaction" ("conclusionsSourceKey")`,

    `CREATE TABLE "demand" (
      ${idColumn},
      "customerId" integer NOT NULL REFERENCES "customer" ("id"),
      "interactionId" integer NOT NULL REFERENCES "interaction" ("id"),
      "kind" varchar(32) NOT NULL,
      "label" varchar(32) NOT NULL,
      "phrase" varchar(200) NOT NULL,
      "raisedAt" bigint NOT NULL,
      "answeredAt" bigint,
      "answerInteractionId" integer,
      "answerLabel" varchar(32))`,
    `CREATE INDEX "IDX_demand_customer_open" ON "demand" ("customerId", "answeredAt")`,

    `CREATE TABLE "objection" (
      ${idColumn},
      "customerId" integer NOT NULL REFERENCES "customer" ("id"),
      "interactionId" integer NOT NULL REFERENCES "interaction" ("id"),
      "category" varchar(32) NOT NULL,
      "phrase" varchar(200) NOT NULL,
      "raisedAt" bigint NOT NULL,
      "closedAt" bigint,
      "closingInteractionId" integer,
      "closingAction" varchar(32))`,
    `CREATE INDEX "IDX_objection_customer_open" ON "objection" ("customerId", "closedAt")`,

    `CREATE TABLE "commitment" (
      ${idColumn},
      "customerId" integer NOT NULL REFERENCES "customer" ("id"),
      "interactionId" integer NOT NULL REFERENCES "interaction" ("id"),
      "due" varchar(32) NOT NULL,
      "dueAt" bigint NOT NULL,
      "madeBy" varchar(16) NOT NULL,
      "phrase" varchar(200) NOT NULL,
      "createdAt" bigint NOT NULL)`,
    `CREATE INDEX "IDX_commitment_customer_due" ON "commitment" ("customerId", "dueAt")`,

    `CREATE TABLE "rep_context" (
      "repUserid" varchar(64) PRIMARY KEY NOT NULL,
      "lastCustomerId" integer,
      "lastCustomerAt" bigint,
      "awaiting" varchar(32),
      "awaitingInteractionId" integer,
      "awaitingSince" bigint)`,

    `CREATE TABLE "card_task" (
      ${idColumn},
      "taskId" varchar(128) NOT NULL,
      "purpose" varchar(32) NOT NULL,
      "touser" varchar(64) NOT NULL,
      "subjectId" integer NOT NULL,
      "options" text NOT NULL,
      "createdAt" bigint NOT NULL,
      "resolvedAt" bigint,
      "resolution" varchar(64))`,
    `CREATE UNIQUE INDEX "IDX_card_task_task_id" ON "card_task" ("taskId")`,

    `CREATE TABLE "external_contact" (
      ${idColumn},
      "externalUserid" varchar(64) NOT NULL,
      "repUserid" varchar(64) NOT NULL,
      "name" varchar(100),
      "corpName" varchar(200),
      "remark" varchar(200),
      "customerId" integer REFERENCES "customer" ("id"),
      "contactId" integer REFERENCES "contact" ("id") ON DELETE SET NULL,
      "status" varchar(16) NOT NULL,
      "createdAt" bigint NOT NULL,
      "updatedAt" bigint NOT NULL)`,
    `CREATE UNIQUE INDEX "IDX_external_contact_user_rep" ON "external_contact" ("externalUserid", "repUserid")`,
    `CREATE INDEX "IDX_external_contact_rep_status" ON "external_contact" ("repUserid", "status")`,
  ];
}

/** The columns the customer record adds to customer and contact; ALTER TABLE ADD COLUMN on both. */
export const CUSTOMER_RECORD_COLUMNS = [
  `ALTER TABLE "customer" ADD COLUMN "aliases" text NOT NULL DEFAULT '[]'`,
  `ALTER TABLE "customer" ADD COLUMN "budget" varchar(200)`,
  `ALTER TABLE "customer" ADD COLUMN "timeline" varchar(200)`,
  `ALTER TABLE "customer" ADD COLUMN "tags" text NOT NULL DEFAULT '{}'`,
  `ALTER TABLE "customer" ADD COLUMN "lastContactAt" bigint`,
  `ALTER TABLE "contact" ADD COLUMN "phone" varchar(32)`,
  `ALTER TABLE "contact" ADD COLUMN "externalUserid" varchar(64)`,
  `ALTER TABLE "contact" ADD COLUMN "lastContactAt" bigint`,
];

export const CUSTOMER_RECORD_DROPS = [
  "external_contact",
  "card_task",
  "rep_context",
  "commitment",
  "objection",
  "demand",
  "interaction",
  "outbox_message",
];

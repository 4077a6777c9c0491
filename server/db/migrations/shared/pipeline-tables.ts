/**
 * The tables the pipeline adds, written once for both dialects; they differ only in how an
 * auto-increment key is spelled, which the caller passes in.
 */
export function pipelineTables(idColumn: string): string[] {
  return [
    `ALTER TABLE "customer" ADD COLUMN "lastContactInteractionId" integer`,

    `CREATE TABLE "pipeline_version" (
      ${idColumn},
      "definition" text NOT NULL,
      "savedBy" varchar(64) NOT NULL,
      "savedAt" bigint NOT NULL)`,

    `CREATE TABLE "opportunity" (
      ${idColumn},
      "customerId" integer NOT NULL REFERENCES "customer" ("id"),
      "ownerUserid" varchar(64) NOT NULL,
      "name" varchar(200) NOT NULL,
      "amountFen" bigint,
      "stageKey" varchar(40) NOT NULL,
      "status" varchar(8) NOT NULL DEFAULT 'open',
      "stageEnteredAt" bigint NOT NULL,
      "stageClockAt" bigint NOT NULL,
      "stageClockEvent" varchar(200) NOT NULL,
      "extensionHours" integer NOT NULL DEFAULT 0,
      "lastActionAt" bigint NOT NULL,
      "createdAt" bigint NOT NULL,
      "updatedAt" bigint NOT NULL)`,
    `CREATE INDEX "IDX_opportunity_owner_status" ON "opportunity" ("ownerUserid", "status")`,
    `CREATE INDEX "IDX_opportunity_customer" ON "opportunity" ("customerId")`,

    `CREATE TABLE "opportunity_field" (
      ${idColumn},
      "opportunityId" integer NOT NULL REFERENCES "opportunity" ("id"),
      "stageKey" varchar(40) NOT NULL,
      "fieldKey" varchar(40) NOT NULL,
      "value" text NOT NULL,
      "setBy" varchar(64) NOT NULL,
      "setAt" bigint NOT NULL)`,
    `CREATE UNIQUE INDEX "IDX_opportunity_field_key" ON "opportunity_field" ("opportunityId", "stageKey", "fieldKey")`,

    `CREATE TABLE "attachment" (
      ${idColumn},
      "opportunityId" integer NOT NULL REFERENCES "opportunity" ("id"),
      "stageKey" varchar(40) NOT NULL,
      "type" varchar(40) NOT NULL,
      "fileName" varchar(200) NOT NULL,
      "contentType" varchar(100) NOT NULL,
      "size" integer NOT NULL,
      "sha256" varchar(64) NOT NULL,
      "uploadedBy" varchar(64) NOT NULL,
      "uploadedAt" bigint NOT NULL)`,
    `CREATE INDEX "IDX_attachment_opportunity" ON "attachment" ("opportunityId", "stageKey")`,

    `CREATE TABLE "opportunity_event" (
      ${idColumn},
      "opportunityId" integer NOT NULL REFERENCES "opportunity" ("id"),
      "kind" varchar(32) NOT NULL,
      "stageKey" varchar(40) NOT NULL,
      "detail" text NOT NULL,
      "byUserid" varchar(64) NOT NULL,
      "at" bigint NOT NULL)`,
    `CREATE INDEX "IDX_opportunity_event_time" ON "opportunity_event" ("opportunityId", "at")`,

    `CREATE TABLE "stage_timeout" (
      ${idColumn},
      "opportunityId" integer NOT NULL REFERENCES "opportunity" ("id"),
      "stageKey" varchar(40) NOT NULL,
      "clockStartedAt" bigint NOT NULL,
      "dueAt" bigint NOT NULL,
      "raisedAt" bigint NOT NULL,
      "status" varchar(24) NOT NULL DEFAULT 'open',
      "extensionReason" varchar(100),
      "resolvedAt" bigint,
      "notifiedAt" bigint)`,
    `CREATE UNIQUE INDEX "IDX_stage_timeout_breach" ON "stage_timeout" ("opportunityId", "stageKey", "dueAt")`,
    `CREATE INDEX "IDX_stage_timeout_status" ON "stage_timeout" ("status")`,

    `CREATE TABLE "mp_session" (
      ${idColumn},
      "tokenHash" varchar(64) NOT NULL,
      "userid" varchar(64) NOT NULL,
      "createdAt" bigint NOT NULL,
      "expiresAt" bigint NOT NULL)`,
    `CREATE UNIQUE INDEX "IDX_mp_session_token" ON "mp_session" ("tokenHash")`,
  ];
}

export const PIPELINE_DROPS = [
  "mp_session",
  "stage_timeout",
  "opportunity_event",
  "attachment",
  "opportunity_field",
  "opportunity",
  "pipeline_version",
];

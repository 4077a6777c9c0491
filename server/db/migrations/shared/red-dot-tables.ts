/**
 * The tables red dots, quotes and once-per-slot jobs add, written once for both dialects; they differ
 * only in how an auto-increment key and a boolean default are spelled, which the caller passes in.
 */
export function redDotTables(idColumn: string, falseValue: string): string[] {
  return [
    `CREATE TABLE "job_run" (
      ${idColumn},
      "job" varchar(40) NOT NULL,
      "slot" varchar(32) NOT NULL,
      "startedAt" bigint NOT NULL,
      "finishedAt" bigint,
      "counts" text)`,
    `CREATE UNIQUE INDEX "IDX_job_run_slot" ON "job_run" ("job", "slot")`,

    `CREATE TABLE "red_dot" (
      ${idColumn},
      "rule" varchar(40) NOT NULL,
      "subject" varchar(80) NOT NULL,
      "ownerUserid" varchar(64) NOT NULL,
      "customerId" integer,
      "opportunityId" integer,
      "openedAt" bigint NOT NULL,
      "overdueSince" bigint NOT NULL,
      "closedAt" bigint,
      "facts" text NOT NULL,
      "closeHint" varchar(200) NOT NULL,
      "valueFen" bigint,
      "keyCustomer" boolean NOT NULL DEFAULT ${falseValue})`,
    `CREATE INDEX "IDX_red_dot_owner_open" ON "red_dot" ("ownerUserid", "closedAt")`,
    `CREATE INDEX "IDX_red_dot_rule_open" ON "red_dot" ("rule", "closedAt")`,
    // One open red dot per rule and subject; closed ones stay as history.
    `CREATE UNIQUE INDEX "IDX_red_dot_open_subject" ON "red_dot" ("rule", "subject") WHERE "closedAt" IS NULL`,

    `CREATE TABLE "quote" (
      ${idColumn},
      "opportunityId" integer NOT NULL REFERENCES "opportunity" ("id"),
      "amountFen" bigint NOT NULL,
      "discountPct" double precision,
      "validUntil" varchar(10) NOT NULL,
      "attachmentId" integer,
      "submittedBy" varchar(64) NOT NULL,
      "submittedAt" bigint NOT NULL,
      "approverUserid" varchar(64) NOT NULL,
      "status" varchar(12) NOT NULL DEFAULT 'pending',
      "decidedAt" bigint)`,
    `CREATE INDEX "IDX_quote_status" ON "quote" ("status", "submittedAt")`,

    // The red-dot rules read these by time; without the indexes each scan reads whole tables.
    `CREATE INDEX "IDX_demand_open_raised" ON "demand" ("answeredAt", "raisedAt")`,
    `CREATE INDEX "IDX_objection_open_raised" ON "objection" ("closedAt", "raisedAt")`,
    `CREATE INDEX "IDX_opportunity_status_action" ON "opportunity" ("status", "lastActionAt")`,
  ];
}

export const RED_DOT_DROPS = ["quote", "red_dot", "job_run"];
export const RED_DOT_INDEX_DROPS = [
  "IDX_demand_open_raised",
  "IDX_objection_open_raised",
  "IDX_opportunity_status_action",
];

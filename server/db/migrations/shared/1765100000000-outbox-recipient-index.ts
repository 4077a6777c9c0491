import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The outbox by recipient and status: holding back one person's waiting messages (a per-person
 * limit) then touches that person's rows only, not every pending row in the table. The same SQL on
 * both dialects, so one migration serves both.
 */
export class OutboxRecipientIndex1765100000000 implements MigrationInterface {
  name = "OutboxRecipientIndex1765100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_outbox_touser_status_available" ON "outbox_message" ("touser", "status", "availableAt")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_outbox_touser_status_available"`);
  }
}

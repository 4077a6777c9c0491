import type { EntityManager } from "typeorm";
import type { Clock } from "../clock";
import type { Database } from "../db/database";
import { type OutboxKind, OutboxMessage } from "../db/entities/outbox-message.entity";
import { WorkTable } from "../queue/work-table";

/** A WeCom call can take 10 s; a batch of eight, each with a token refresh, stays well inside this. */
export const OUTBOX_LEASE_MS = 5 * 60_000;
/** Attempts over about an hour (5 s doubling) before a message is parked for an admin. */
export const OUTBOX_MAX_ATTEMPTS = 10;
const RETRY_BASE_MS = 5_000;

export interface NewOutboxMessage {
  /** Unique per message Beat means to send: the same key twice queues it once. */
  dedupeKey: string;
  kind: OutboxKind;
  touser: string;
  body: Record<string, unknown>;
  /** Not before this time; now when absent. */
  notBefore?: Date;
}

/** The outbox table: every message for WeCom, written first, sent by the outbox worker. */
export class OutboxStore {
  readonly queue: WorkTable<OutboxMessage>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.queue = new WorkTable(
      db,
      clock,
      db.dataSource.getRepository(OutboxMessage),
      "outbox_message",
      {
        leaseMs: OUTBOX_LEASE_MS,
        maxAttempts: OUTBOX_MAX_ATTEMPTS,
        retryBaseMs: RETRY_BASE_MS,
        jitter: 0.3,
      },
    );
  }

  /**
   * Queues messages; those whose key is already queued are skipped. Pass `manager` to write inside a
   * transaction, so the message exists exactly when the change it reports does. Returns how many
   * were new.
   */
  async enqueue(messages: NewOutboxMessage[], manager?: EntityManager): Promise<number> {
    if (messages.length === 0) {
      return 0;
    }
    const now = this.clock.now().getTime();
    const p = (n: number) => this.db.param(n);
    const rows = messages.map((_, i) => {
      const b = i * 6;
      return `(${p(b + 1)}, ${p(b + 2)}, ${p(b + 3)}, ${p(b + 4)}, 'pending', 0, ${p(b + 5)}, ${p(b + 6)})`;
    });
    const params = messages.flatMap((m) => [
      m.dedupeKey,
      m.kind,
      m.touser,
      JSON.stringify(m.body),
      m.notBefore?.getTime() ?? now,
      now,
    ]);
    const sql =
      `INSERT INTO "outbox_message" ("dedupeKey", "kind", "touser", "body", "status", "attempts", ` +
      `"availableAt", "createdAt") VALUES ${rows.join(", ")} ` +
      `ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`;

    return (await this.db.rows(sql, params, manager)).length;
  }

  /** How many messages went to `touser` since `since`, and when the earliest of them went. */
  async sentTo(touser: string, since: Date): Promise<{ count: number; earliest: Date | null }> {
    const p = (n: number) => this.db.param(n);
    const [row] = await this.db.rows<{ n: string | number; earliest: string | number | null }>(
      `SELECT COUNT(*) AS "n", MIN("processedAt") AS "earliest" FROM "outbox_message" ` +
        `WHERE "touser" = ${p(1)} AND "status" = 'done' AND "processedAt" >= ${p(2)}`,
      [touser, since.getTime()],
    );

    return {
      count: Number(row?.n ?? 0),
      earliest: row?.earliest == null ? null : new Date(Number(row.earliest)),
    };
  }
}

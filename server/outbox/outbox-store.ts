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
  /** Recipients held back by a per-person limit, and until when (epoch ms). */
  private readonly holds = new Map<string, number>();

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
      Math.max(m.notBefore?.getTime() ?? now, this.heldUntil(m, now)),
      now,
    ]);
    const sql =
      `INSERT INTO "outbox_message" ("dedupeKey", "kind", "touser", "body", "status", "attempts", ` +
      `"availableAt", "createdAt") VALUES ${rows.join(", ")} ` +
      `ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`;

    return (await this.db.rows(sql, params, manager)).length;
  }

  /**
   * Holds back a message that would pass the recipient's per-person limit, and with it every other
   * message waiting for that person: none of them could go before it, and deferring them one by one
   * would claim and put back each row of a long backlog. Their order is kept (one time, ascending
   * ids). Card updates are not limited and stay where they are.
   */
  async deferRecipient(item: OutboxMessage, until: Date): Promise<void> {
    this.holds.set(item.touser, until.getTime());
    await this.queue.defer(item, until);
    const p = (n: number) => this.db.param(n);
    await this.db.rows(
      `UPDATE "outbox_message" SET "availableAt" = ${p(1)} WHERE "touser" = ${p(2)} ` +
        `AND "status" = 'pending' AND "availableAt" < ${p(3)} AND "kind" <> 'card_update'`,
      [until.getTime(), item.touser, until.getTime()],
    );
  }

  /**
   * Until when this process knows `message`'s recipient is held back. A message queued meanwhile
   * waits with the others instead of being claimed only to be put back; another process that does
   * not know finds out on its first try.
   */
  private heldUntil(message: NewOutboxMessage, now: number): number {
    const until = this.holds.get(message.touser);
    if (until === undefined || message.kind === "card_update") return 0;
    if (until <= now) {
      this.holds.delete(message.touser);
      return 0;
    }
    return until;
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

import type { Clock } from "../clock";
import type { Database } from "../db/database";

/** The most deliveries written by one statement; bounds the SQL size and the statement cache. */
export const MAX_BATCH = 64;

export interface NewDelivery {
  deliveryKey: string;
  source: string;
  kind: string;
  payload: string;
}

type Outcome = "accepted" | "duplicate";

interface Waiting {
  delivery: NewDelivery;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the callback's hot path. Deliveries that arrive in the same turn of the event loop
 * are written by one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING`: one statement and one
 * commit instead of one each, which is most of what an insert costs on SQLite. A lone delivery is
 * written on the next turn, so quiet-time latency does not change. Every caller still gets its answer
 * only after its row is durable.
 */
export class AcceptBatcher {
  private queue: Waiting[] = [];
  private scheduled = false;
  private readonly sqlBySize = new Map<number, string>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  accept(delivery: NewDelivery): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.write(batch).catch((error: unknown) => this.writeEach(batch, error));
    }
  }

  /**
   * One bad row fails the whole statement; write the batch's rows one by one so that only that row's
   * caller gets the error and the others are still stored.
   */
  private async writeEach(batch: Waiting[], error: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]?.reject(error);
      return;
    }
    for (const waiting of batch) {
      await this.write([waiting]).catch((single: unknown) => waiting.reject(single));
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    const now = this.clock.now().getTime();
    const params = batch.flatMap(({ delivery: d }) => [
      d.deliveryKey,
      d.source,
      d.kind,
      d.payload,
      now,
      now,
    ]);
    const rows = await this.db.rows<{ deliveryKey: string }>(this.sqlFor(batch.length), params);
    const inserted = new Set(rows.map((row) => row.deliveryKey));
    for (const waiting of batch) {
      // The same key twice in one batch: the first caller stored it, the second is the duplicate.
      const key = waiting.delivery.deliveryKey;
      waiting.resolve(inserted.delete(key) ? "accepted" : "duplicate");
    }
  }

  private sqlFor(size: number): string {
    let sql = this.sqlBySize.get(size);
    if (!sql) {
      const p = (n: number) => this.db.param(n);
      const rows = Array.from({ length: size }, (_, i) => {
        const b = i * 6;
        return `(${p(b + 1)}, ${p(b + 2)}, ${p(b + 3)}, ${p(b + 4)}, 'pending', 0, ${p(b + 5)}, ${p(b + 6)})`;
      });
      sql =
        `INSERT INTO "inbox_item" ("deliveryKey", "source", "kind", "payload", "status", "attempts", ` +
        `"availableAt", "receivedAt") VALUES ${rows.join(", ")} ` +
        `ON CONFLICT ("deliveryKey") DO NOTHING RETURNING "deliveryKey"`;
      this.sqlBySize.set(size, sql);
    }

    return sql;
  }
}

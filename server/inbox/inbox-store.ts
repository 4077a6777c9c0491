import type { Clock } from "../clock";
import type { Database } from "../db/database";
import { InboxItem } from "../db/entities/inbox-item.entity";
import { WorkTable } from "../queue/work-table";
import { AcceptBatcher, type NewDelivery } from "./accept-batcher";

/**
 * How long a claimed row belongs to its worker. It must outlast a whole claimed batch at worst-case
 * timeouts (CLAIM_BATCH × a model's and the database's slowest answers), or a slow but living worker
 * would have its rows taken over and processed twice.
 */
export const LEASE_MS = 5 * 60_000;
/** Attempts before a row is parked as failed for a person to look at. */
export const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5_000;

// Limitation: processed rows stay in inbox_item for good, because nothing prunes them yet; a
// retention job can go in beside the scheduled jobs once someone decides how long to keep them.

/** The inbox table: deliveries stored before their sender got its 200, worked as a queue. */
export class InboxStore {
  readonly queue: WorkTable<InboxItem>;

  private readonly batcher: AcceptBatcher;

  constructor(
    private readonly db: Database,
    clock: Clock,
  ) {
    this.queue = new WorkTable(db, clock, db.dataSource.getRepository(InboxItem), "inbox_item", {
      leaseMs: LEASE_MS,
      maxAttempts: MAX_ATTEMPTS,
      retryBaseMs: RETRY_BASE_MS,
    });
    this.batcher = new AcceptBatcher(db, clock);
  }

  /**
   * Stores a delivery once. A second delivery of the same key changes nothing and says so. Writes go
   * through the batcher: the callback route is the hot path (see AcceptBatcher).
   */
  accept(delivery: NewDelivery): Promise<"accepted" | "duplicate"> {
    return this.batcher.accept(delivery);
  }

  /** The payload stored under a delivery key, or null. */
  async payloadOf(deliveryKey: string): Promise<string | null> {
    const row = await this.db.dataSource
      .getRepository(InboxItem)
      .findOne({ where: { deliveryKey }, select: { payload: true } });

    return row?.payload ?? null;
  }
}

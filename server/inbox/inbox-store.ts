import type { Repository } from "typeorm";
import type { Clock } from "../clock";
import type { Database } from "../db/database";
import { InboxItem } from "../db/entities/inbox-item.entity";
import { AcceptBatcher, type NewDelivery } from "./accept-batcher";

/** How long a claimed row belongs to its worker before another may assume that worker died. */
export const LEASE_MS = 60_000;
/** Attempts before a row is parked as failed for a person to look at. */
export const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5_000;
const CLAIM_CANDIDATES = 10;

/**
 * The inbox table's operations. Claiming is a compare-and-set UPDATE on the row's status, so any
 * number of workers, in one process or many sharing PostgreSQL, take each row exactly once.
 */
export class InboxStore {
  private readonly repo: Repository<InboxItem>;

  private readonly batcher: AcceptBatcher;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.repo = db.dataSource.getRepository(InboxItem);
    this.batcher = new AcceptBatcher(db, clock);
  }

  /**
   * Stores a delivery once. A second delivery of the same key changes nothing and says so. Writes go
   * through the batcher: the callback route is the hot path (see AcceptBatcher).
   */
  accept(delivery: NewDelivery): Promise<"accepted" | "duplicate"> {
    return this.batcher.accept(delivery);
  }

  /** Takes the oldest row that is due, or one whose worker's lease ran out; null when idle. */
  async claimNext(): Promise<InboxItem | null> {
    const now = this.clock.now();
    const candidates = await this.repo
      .createQueryBuilder("i")
      .select(["i.id"])
      .where("(i.status = 'pending' AND i.availableAt <= :now)", { now: now.getTime() })
      .orWhere("(i.status = 'processing' AND i.leaseUntil < :now)", { now: now.getTime() })
      .orderBy("i.id", "ASC")
      .limit(CLAIM_CANDIDATES)
      .getMany();
    for (const { id } of candidates) {
      const claimed = await this.repo
        .createQueryBuilder()
        .update()
        .set({
          status: "processing",
          leaseUntil: new Date(now.getTime() + LEASE_MS),
          attempts: () => '"attempts" + 1',
        })
        .where("id = :id", { id })
        .andWhere(
          "((status = 'pending' AND \"availableAt\" <= :now) OR (status = 'processing' AND \"leaseUntil\" < :now))",
          { now: now.getTime() },
        )
        .execute();
      if (claimed.affected === 1) {
        return this.repo.findOneByOrFail({ id });
      }
    }

    return null;
  }

  async complete(id: number): Promise<void> {
    await this.repo.update(
      { id },
      { status: "done", leaseUntil: null, lastError: null, processedAt: this.clock.now() },
    );
  }

  /** Schedules another attempt with exponential backoff, or parks the row after MAX_ATTEMPTS. */
  async fail(item: InboxItem, errorCode: string): Promise<"retry" | "failed"> {
    const now = this.clock.now().getTime();
    const outcome = item.attempts >= MAX_ATTEMPTS ? "failed" : "retry";
    const availableAt = new Date(now + RETRY_BASE_MS * 2 ** (item.attempts - 1));
    await this.repo.update(
      { id: item.id },
      {
        status: outcome === "failed" ? "failed" : "pending",
        availableAt,
        leaseUntil: null,
        lastError: errorCode.slice(0, 200),
      },
    );

    return outcome;
  }

  /** Rows by status, for /healthz and the demo's "all processed" wait. */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.repo
      .createQueryBuilder("i")
      .select("i.status", "status")
      .addSelect("COUNT(*)", "n")
      .groupBy("i.status")
      .getRawMany<{ status: string; n: string | number }>();

    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}

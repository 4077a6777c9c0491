import { In, type Repository } from "typeorm";
import type { Clock } from "../clock";
import type { Database } from "../db/database";
import { InboxItem } from "../db/entities/inbox-item.entity";
import { AcceptBatcher, type NewDelivery } from "./accept-batcher";

/**
 * How long a claimed row belongs to its worker before another may assume that worker died. It must
 * outlast a whole claimed batch at worst-case WeCom timeouts (CLAIM_BATCH × 10 s), or a slow but
 * living worker would have its rows taken over and processed twice.
 */
export const LEASE_MS = 5 * 60_000;
/** Attempts before a row is parked as failed for a person to look at. */
export const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5_000;

// Limitation: processed rows stay in inbox_item for good, because nothing prunes them yet; a
// retention job can go in once the scheduler exists (red dots and the digest bring it).

/**
 * The inbox table's operations. Claiming is a compare-and-set UPDATE on the row's status, so any
 * number of workers, in one process or many sharing PostgreSQL, take each row exactly once.
 */
export class InboxStore {
  private readonly repo: Repository<InboxItem>;

  private readonly batcher: AcceptBatcher;

  constructor(
    private readonly db: Database,
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

  /**
   * Takes up to `limit` rows that are due, oldest first, plus any whose worker's lease ran out; an
   * empty list when idle. Each candidate is taken by a compare-and-set UPDATE, so a row another
   * worker took in between is simply not returned.
   */
  async claim(limit: number): Promise<InboxItem[]> {
    const now = this.clock.now().getTime();
    // Two queries rather than one with OR: each walks the (status, availableAt) index directly,
    // where an OR made SQLite scan every processed row on each claim.
    const due = await this.repo
      .createQueryBuilder("i")
      .select("i.id", "id")
      .where("i.status = 'pending' AND i.availableAt <= :now", { now })
      .orderBy("i.availableAt", "ASC")
      .addOrderBy("i.id", "ASC")
      .limit(limit)
      .getRawMany<{ id: number }>();
    const abandoned = await this.repo
      .createQueryBuilder("i")
      .select("i.id", "id")
      .where("i.status = 'processing' AND i.leaseUntil < :now", { now })
      .limit(limit)
      .getRawMany<{ id: number }>();
    const ids = [...due, ...abandoned].map((row) => Number(row.id)).slice(0, limit);
    if (ids.length === 0) {
      return [];
    }
    const claimed = await this.db.rows<{ id: number }>(this.claimSql(ids.length), [
      now + LEASE_MS,
      now,
      now,
      ...ids,
    ]);
    if (claimed.length === 0) {
      return [];
    }

    return this.repo.find({
      where: { id: In(claimed.map((row) => Number(row.id))) },
      order: { id: "ASC" },
    });
  }

  private claimSql(count: number): string {
    const p = (n: number) => this.db.param(n);
    const ids = Array.from({ length: count }, (_, i) => p(i + 4)).join(", ");

    // Placeholders appear in parameter order: SQLite binds `?` by position, PostgreSQL by number.
    return (
      `UPDATE "inbox_item" SET "status" = 'processing', "leaseUntil" = ${p(1)}, "attempts" = "attempts" + 1 ` +
      `WHERE (("status" = 'pending' AND "availableAt" <= ${p(2)}) ` +
      `OR ("status" = 'processing' AND "leaseUntil" < ${p(3)})) AND "id" IN (${ids}) RETURNING "id"`
    );
  }

  async complete(id: number): Promise<void> {
    // Hand-written for the same reason as the claim: it runs once per delivery.
    await this.db.rows(
      `UPDATE "inbox_item" SET "status" = 'done', "leaseUntil" = NULL, "lastError" = NULL, ` +
        `"processedAt" = ${this.db.param(1)} WHERE "id" = ${this.db.param(2)}`,
      [this.clock.now().getTime(), id],
    );
  }

  /**
   * Schedules another attempt with exponential backoff, or parks the row: after MAX_ATTEMPTS, or at
   * once when the failure is permanent. A parked row shows in /healthz as failed.
   */
  async fail(
    item: InboxItem,
    errorCode: string,
    options: { permanent?: boolean } = {},
  ): Promise<"retry" | "failed"> {
    const now = this.clock.now().getTime();
    const outcome = options.permanent || item.attempts >= MAX_ATTEMPTS ? "failed" : "retry";
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

  /**
   * Rows not yet done, by status, for /healthz and the bench's "caught up" wait. Done rows are not
   * counted: that would scan the whole table, and they are what a healthy inbox is made of.
   */
  async countOpen(): Promise<Record<"pending" | "processing" | "failed", number>> {
    const rows = await this.repo
      .createQueryBuilder("i")
      .select("i.status", "status")
      .addSelect("COUNT(*)", "n")
      .where("i.status IN (:...open)", { open: ["pending", "processing", "failed"] })
      .groupBy("i.status")
      .getRawMany<{ status: string; n: string | number }>();
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);

    return { pending: count("pending"), processing: count("processing"), failed: count("failed") };
  }

  /**
   * Hands back every claimed row at once. Only for SQLite at start-up: one process owns a SQLite
   * file, so a row still marked processing belongs to a process that died, and waiting out its lease
   * would only delay it. On PostgreSQL other living processes may hold leases, so they run out instead.
   */
  async releaseAllClaims(): Promise<number> {
    const released = await this.repo.update(
      { status: "processing" },
      { status: "pending", leaseUntil: null },
    );

    return released.affected ?? 0;
  }
}

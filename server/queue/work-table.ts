import { type FindOptionsWhere, In, type ObjectLiteral, type Repository } from "typeorm";
import type { Clock } from "../clock";
import type { Database } from "../db/database";

/** The columns a table needs to be worked as a queue; the inbox and the outbox both have them. */
export interface QueueRow extends ObjectLiteral {
  id: number;
  status: "pending" | "processing" | "done" | "failed";
  attempts: number;
  availableAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
}

export interface WorkTableOptions {
  /**
   * How long a claimed row belongs to its worker before another may assume that worker died. It must
   * outlast a whole claimed batch at worst-case timeouts, or a slow but living worker would have its
   * rows taken over and done twice.
   */
  leaseMs: number;
  /** Attempts before a row is parked as failed for a person to look at. */
  maxAttempts: number;
  /** The first retry waits this long; each later one twice as long as the one before. */
  retryBaseMs: number;
  /** Spreads retries of rows that failed together, so they do not all come back at once (0..1). */
  jitter?: number;
}

export type FailOutcome = "retry" | "failed";

/**
 * A table worked as a queue. Claiming is a compare-and-set UPDATE on the row's status, so any number of
 * workers, in one process or many sharing PostgreSQL, take each row exactly once.
 */
export class WorkTable<T extends QueueRow> {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repo: Repository<T>,
    private readonly table: string,
    readonly options: WorkTableOptions,
  ) {}

  /**
   * Takes up to `limit` rows that are due, oldest first, plus any whose worker's lease ran out; an
   * empty list when idle. A row another worker took in between is simply not returned.
   */
  async claim(limit: number): Promise<T[]> {
    const now = this.clock.now().getTime();
    // Two queries rather than one with OR: each walks the (status, availableAt) index directly,
    // where an OR made SQLite scan every finished row on each claim.
    const due = await this.repo
      .createQueryBuilder("q")
      .select("q.id", "id")
      .where("q.status = 'pending' AND q.availableAt <= :now", { now })
      .orderBy("q.availableAt", "ASC")
      .addOrderBy("q.id", "ASC")
      .limit(limit)
      .getRawMany<{ id: number }>();
    const abandoned = await this.repo
      .createQueryBuilder("q")
      .select("q.id", "id")
      .where("q.status = 'processing' AND q.leaseUntil < :now", { now })
      .limit(limit)
      .getRawMany<{ id: number }>();
    const ids = [...due, ...abandoned].map((row) => Number(row.id)).slice(0, limit);
    if (ids.length === 0) {
      return [];
    }
    const claimed = await this.db.rows<{ id: number }>(this.claimSql(ids.length), [
      now + this.options.leaseMs,
      now,
      now,
      ...ids,
    ]);
    if (claimed.length === 0) {
      return [];
    }

    const rows = await this.repo.findBy({
      id: In(claimed.map((row) => Number(row.id))),
    } as FindOptionsWhere<T>);

    return rows.sort((a, b) => a.id - b.id);
  }

  private claimSql(count: number): string {
    const p = (n: number) => this.db.param(n);
    const ids = Array.from({ length: count }, (_, i) => p(i + 4)).join(", ");

    // Placeholders appear in parameter order: SQLite binds `?` by position, PostgreSQL by number.
    return (
      `UPDATE "${this.table}" SET "status" = 'processing', "leaseUntil" = ${p(1)}, ` +
      `"attempts" = "attempts" + 1 ` +
      `WHERE (("status" = 'pending' AND "availableAt" <= ${p(2)}) ` +
      `OR ("status" = 'processing' AND "leaseUntil" < ${p(3)})) AND "id" IN (${ids}) RETURNING "id"`
    );
  }

  /** Marks a claimed row done; `extra` sets columns of the table's own (a send time, say). */
  async complete(id: number, extra: Record<string, unknown> = {}): Promise<void> {
    const p = (n: number) => this.db.param(n);
    const names = Object.keys(extra);
    const sets = names.map((name, i) => `, "${name}" = ${p(i + 3)}`).join("");
    // Hand-written: it runs once per row, and the ORM's update costs more than the write itself.
    await this.db.rows(
      `UPDATE "${this.table}" SET "status" = 'done', "leaseUntil" = NULL, "lastError" = NULL, ` +
        `"processedAt" = ${p(1)}${sets} WHERE "id" = ${p(2)}`,
      [this.clock.now().getTime(), id, ...names.map((name) => extra[name])],
    );
  }

  /**
   * Schedules another attempt with exponential backoff (or after `retryAfterMs` when the far side
   * said how long to wait), or parks the row: after maxAttempts, or at once when the failure is
   * permanent. A parked row shows in /healthz as failed.
   */
  async fail(
    item: T,
    errorCode: string,
    options: { permanent?: boolean; retryAfterMs?: number } = {},
  ): Promise<FailOutcome> {
    const now = this.clock.now().getTime();
    const { maxAttempts, retryBaseMs, jitter = 0 } = this.options;
    const outcome = options.permanent || item.attempts >= maxAttempts ? "failed" : "retry";
    const backoff = retryBaseMs * 2 ** Math.max(0, item.attempts - 1);
    const spread = backoff * jitter * Math.random();
    const wait = Math.round(Math.max(options.retryAfterMs ?? 0, backoff + spread));
    const p = (n: number) => this.db.param(n);
    await this.db.rows(
      `UPDATE "${this.table}" SET "status" = ${p(1)}, "availableAt" = ${p(2)}, ` +
        `"leaseUntil" = NULL, "lastError" = ${p(3)} WHERE "id" = ${p(4)}`,
      [outcome === "failed" ? "failed" : "pending", now + wait, errorCode.slice(0, 200), item.id],
    );

    return outcome;
  }

  /**
   * Puts a claimed row back to wait until `until` without counting the attempt: nothing failed, the
   * row just may not go yet (a per-person limit, say).
   */
  async defer(item: T, until: Date): Promise<void> {
    const p = (n: number) => this.db.param(n);
    await this.db.rows(
      `UPDATE "${this.table}" SET "status" = 'pending', "availableAt" = ${p(1)}, "leaseUntil" = NULL, ` +
        `"attempts" = CASE WHEN "attempts" > 0 THEN "attempts" - 1 ELSE 0 END WHERE "id" = ${p(2)}`,
      [until.getTime(), item.id],
    );
  }

  /** The rows parked as failed, newest first, for an admin to look at. */
  parked(limit = 100): Promise<T[]> {
    return this.repo.find({
      where: { status: "failed" } as FindOptionsWhere<T>,
      order: { id: "DESC" } as never,
      take: limit,
    });
  }

  /** Puts a parked row back in the queue, for an admin's retry; false when it was not parked. */
  async retryParked(id: number): Promise<boolean> {
    const p = (n: number) => this.db.param(n);
    const rows = await this.db.rows(
      `UPDATE "${this.table}" SET "status" = 'pending', "attempts" = 0, "availableAt" = ${p(1)} ` +
        `WHERE "id" = ${p(2)} AND "status" = 'failed' RETURNING "id"`,
      [this.clock.now().getTime(), id],
    );

    return rows.length > 0;
  }

  /**
   * Rows not yet done, by status. Done rows are not counted: that would scan the whole table, and
   * they are what a healthy queue is made of.
   */
  async countOpen(): Promise<Record<"pending" | "processing" | "failed", number>> {
    const rows = await this.repo
      .createQueryBuilder("q")
      .select("q.status", "status")
      .addSelect("COUNT(*)", "n")
      .where("q.status IN (:...open)", { open: ["pending", "processing", "failed"] })
      .groupBy("q.status")
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
    const rows = await this.db.rows(
      `UPDATE "${this.table}" SET "status" = 'pending', "leaseUntil" = NULL ` +
        `WHERE "status" = 'processing' RETURNING "id"`,
      [],
    );

    return rows.length;
  }
}

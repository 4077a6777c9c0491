import type { Logger } from "../logger";
import type { FailOutcome, QueueRow } from "./work-table";

/** How often an idle worker looks for rows it was not told about (other processes, retries). */
export const IDLE_POLL_MS = 500;
/** Rows claimed at once; see the table's lease for why it stays small. */
export const CLAIM_BATCH = 8;

/** What a worker needs of its table. */
export interface Queue<T extends QueueRow> {
  claim(limit: number): Promise<T[]>;
  complete(id: number): Promise<void>;
  fail(
    item: T,
    errorCode: string,
    options: { permanent?: boolean; retryAfterMs?: number },
  ): Promise<FailOutcome>;
  defer(item: T, until: Date): Promise<void>;
}

/** Thrown by a handler when a row may not go yet; the row waits without an attempt counted. */
export class NotYet extends Error {
  constructor(
    readonly until: Date,
    readonly reason: string,
  ) {
    super(`not before ${until.toISOString()}: ${reason}`);
    this.name = "NotYet";
  }
}

/**
 * Does one row. Throwing schedules a retry, unless the error says `permanent: true`; the error's
 * `code` is what gets kept, and a `retryAfterMs` on it sets the earliest next attempt.
 */
export type RowHandler<T> = (item: T, log: Logger) => Promise<void>;

function errorCodeOf(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) {
    return String((error as { code: unknown }).code);
  }

  return error instanceof Error ? error.name : "unknown_error";
}

export interface QueueWorkerOptions<T> {
  /** The fields that name a row in its log lines (a delivery key, an outbox key …). */
  describe(item: T): Record<string, unknown>;
  /** Resolves when the worker may take its next batch; see AcceptPriority. */
  mayProceed?: () => Promise<void>;
  /** The log line's message when a row is done, such as "delivery processed". */
  doneMessage: string;
}

/**
 * Drains a queue table in order, so a rep's messages are normally handled in the order they came; a
 * row that fails and waits for its retry is overtaken by those behind it. `notify()` wakes the worker
 * at once after a write; polling covers everything else.
 */
export class QueueWorker<T extends QueueRow> {
  private running = false;
  private wake: (() => void) | null = null;
  /** Set by notify(); a notification that lands while a batch runs must not be slept through. */
  private kicked = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly queue: Queue<T>,
    private readonly handle: RowHandler<T>,
    private readonly log: Logger,
    private readonly options: QueueWorkerOptions<T>,
  ) {}

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.loop = this.run();
  }

  notify(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Stops taking rows and waits for the batch in hand (at most CLAIM_BATCH rows, each bounded by its
   * handler's timeouts), so a graceful stop never leaves a row half done.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Does every due row now and returns how many; used by tests and one-shot jobs. */
  async drain(): Promise<number> {
    let processed = 0;
    for (;;) {
      const done = await this.processBatch();
      if (done === 0) {
        return processed;
      }
      processed += done;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let didWork = false;
      this.kicked = false;
      try {
        didWork = (await this.processBatch()) > 0;
      } catch (error) {
        this.log.error({ err: errorCodeOf(error) }, "queue claim failed");
      }
      if (didWork) {
        // On SQLite every query is synchronous, so a handler's awaits all resolve as microtasks and
        // a backlog would be worked through without the event loop ever reaching the network: the
        // callback route would wait for the whole backlog. One macrotask turn per batch lets it in.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (!didWork && this.running && !this.kicked) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, IDLE_POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /** Claims a batch and works it in order; each row is finished before the next is touched. */
  private async processBatch(): Promise<number> {
    await this.options.mayProceed?.();
    const items = await this.queue.claim(CLAIM_BATCH);
    for (const item of items) {
      await this.processOne(item);
    }

    return items.length;
  }

  private async processOne(item: T): Promise<void> {
    const log = this.log.child({ ...this.options.describe(item), attempt: item.attempts });
    const started = performance.now();
    try {
      await this.handle(item, log);
      await this.queue.complete(item.id);
      log.info({ ms: Math.round(performance.now() - started) }, this.options.doneMessage);
    } catch (error) {
      if (error instanceof NotYet) {
        await this.queue.defer(item, error.until);
        log.info({ reason: error.reason, until: error.until.toISOString() }, "queue row deferred");
        return;
      }
      const code = errorCodeOf(error);
      const facts = (error ?? {}) as { permanent?: unknown; retryAfterMs?: unknown };
      const outcome = await this.queue.fail(item, code, {
        permanent: facts.permanent === true,
        retryAfterMs: typeof facts.retryAfterMs === "number" ? facts.retryAfterMs : undefined,
      });
      log.warn({ err: code, outcome }, "queue row failed");
    }
  }
}

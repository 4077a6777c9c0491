import type { InboxItem } from "../db/entities/inbox-item.entity";
import type { Logger } from "../logger";
import type { InboxStore } from "./inbox-store";

/** How often an idle worker looks for rows it was not told about (other processes, retries). */
export const IDLE_POLL_MS = 500;
/** Rows claimed at once; see LEASE_MS for why it stays small. */
export const CLAIM_BATCH = 8;

/**
 * Processes one stored delivery. Throwing schedules a retry, unless the error says `permanent: true`;
 * the error's `code` is what gets kept.
 */
export type InboxHandler = (item: InboxItem, log: Logger) => Promise<void>;

function errorCodeOf(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) {
    return String((error as { code: unknown }).code);
  }

  return error instanceof Error ? error.name : "unknown_error";
}

/**
 * Drains the inbox in arrival order, so a rep's messages are normally handled in the order they were
 * sent; a delivery that fails and waits for its retry is overtaken by those behind it. `notify()`
 * wakes the worker at once after an accept; polling covers everything else.
 */
export class InboxWorker {
  private running = false;
  private wake: (() => void) | null = null;
  /** Set by notify(); a notification that lands while a batch runs must not be slept through. */
  private kicked = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly store: InboxStore,
    private readonly handle: InboxHandler,
    private readonly log: Logger,
    /** Resolves when the worker may take its next row; see AcceptPriority. */
    private readonly mayProceed: () => Promise<void> = async () => {},
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
   * Stops taking rows and waits for the batch in hand (at most CLAIM_BATCH rows, each bounded by the
   * WeCom client's timeout), so a graceful stop never leaves a row half done.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Processes every due row now and returns how many; used by tests and one-shot jobs. */
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
        this.log.error({ err: errorCodeOf(error) }, "inbox claim failed");
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

  /** Claims a batch and processes it in order; each row is completed before the next is touched. */
  private async processBatch(): Promise<number> {
    await this.mayProceed();
    const items = await this.store.claim(CLAIM_BATCH);
    for (const item of items) {
      await this.processOne(item);
    }

    return items.length;
  }

  private async processOne(item: InboxItem): Promise<void> {
    const log = this.log.child({
      delivery: item.deliveryKey,
      kind: item.kind,
      attempt: item.attempts,
    });
    const started = performance.now();
    try {
      await this.handle(item, log);
      await this.store.complete(item.id);
      log.info({ ms: Math.round(performance.now() - started) }, "delivery processed");
    } catch (error) {
      const code = errorCodeOf(error);
      const permanent = (error as { permanent?: unknown } | null)?.permanent === true;
      const outcome = await this.store.fail(item, code, { permanent });
      log.warn({ err: code, outcome }, "delivery processing failed");
    }
  }
}

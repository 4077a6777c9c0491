/** A callback seen this recently means more may be on their way. */
export const QUIET_MS = 5;
/**
 * The longest the worker holds back before its next batch. It bounds the cost of the policy: under a
 * sustained flood the worker still takes a batch (CLAIM_BATCH rows) this often.
 */
export const MAX_HOLD_MS = 50;

/**
 * Accepting comes before processing. WeCom waits 5 seconds for a callback's 200 and then sends it
 * again, while a stored row can wait its turn; so in one process the inbox worker lets the callback
 * route go first. The route reports each request; before each batch the worker waits until no
 * callback is in flight and none has arrived for QUIET_MS, or MAX_HOLD_MS at most.
 */
export class AcceptPriority {
  private inFlight = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;

  enter(): void {
    this.inFlight++;
    this.lastArrival = performance.now();
  }

  leave(): void {
    this.inFlight--;
  }

  /** Resolves once the callback route is quiet, or after `maxMs`, whichever comes first. */
  async quiet(maxMs = MAX_HOLD_MS): Promise<void> {
    const started = performance.now();
    for (;;) {
      const now = performance.now();
      const sinceArrival = now - this.lastArrival;
      if ((this.inFlight === 0 && sinceArrival >= QUIET_MS) || now - started >= maxMs) {
        return;
      }
      const wait = Math.min(Math.max(QUIET_MS - sinceArrival, 1), maxMs - (now - started));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

import { randomUUID } from "node:crypto";
import type { Clock } from "../../server/clock";
import type { Harness } from "./beat-harness";

/**
 * Factory: a rep's chat follow-ups logged straight through the sales core, as the bot would after a
 * callback, each under a source key of its own. `harness` is read at each call, so the logger can be
 * made before `beforeAll` has started Beat.
 */
export function followUpLogger(harness: () => Harness, clock: Clock) {
  const prefix = `chat:${randomUUID().slice(0, 8)}`;
  let sequence = 0;

  return (repUserid: string, text: string, occurredAt: Date = clock.now()) =>
    harness().beat.core.logFollowUp({
      repUserid,
      text,
      source: "chat",
      occurredAt,
      sourceKey: `${prefix}:${++sequence}`,
    });
}

import type { Clock } from "../server/clock";
import type { OutboxMessage } from "../server/db/entities/outbox-message.entity";
import type { Logger } from "../server/logger";
import { NotYet } from "../server/queue/queue-worker";
import { WeComApiError } from "./wecom-api-error";
import type { OutgoingMessage, WeComClient } from "./wecom-client";

/**
 * WeCom's answer when a card's response code was used already or is older than 72 hours: the card
 * cannot change any more, and trying again will not help (doc 94888). Treated as done.
 */
const RESPONSE_CODE_SPENT = 60140;

/**
 * WeCom's silent limits per app and person (doc 90236): beyond 30 a minute or 1,000 an hour it
 * drops messages without an error. The outbox holds a message back instead.
 */
export const PER_PERSON_LIMITS = [
  { windowMs: 60_000, max: 30 },
  { windowMs: 3_600_000, max: 1000 },
];

/** How long to wait after WeCom says "too often" (45009) or "too many at once" (45033). */
const FREQUENCY_BACKOFF_MS = 60_000;

export interface OutboxSenderDeps {
  wecom: WeComClient;
  clock: Clock;
  /** How many messages went to a person since a time, and when the earliest of them went. */
  sentTo(touser: string, since: Date): Promise<{ count: number; earliest: Date | null }>;
}

/** Throws NotYet when sending to `touser` now would pass one of WeCom's per-person limits. */
async function checkLimits(deps: OutboxSenderDeps, touser: string): Promise<void> {
  const now = deps.clock.now().getTime();
  for (const limit of PER_PERSON_LIMITS) {
    const sent = await deps.sentTo(touser, new Date(now - limit.windowMs));
    if (sent.count >= limit.max && sent.earliest) {
      throw new NotYet(
        new Date(sent.earliest.getTime() + limit.windowMs + 1),
        `per_person_${limit.max}`,
      );
    }
  }
}

/** Sends one outbox row through the WeCom API; throwing leaves the row to the outbox's retries. */
export function outboxSender(deps: OutboxSenderDeps) {
  return async (row: OutboxMessage, log: Logger): Promise<void> => {
    try {
      if (row.kind === "card_update") {
        const { responseCode, replaceName } = row.body as {
          responseCode: string;
          replaceName: string;
        };
        await deps.wecom.updateCardButton(row.touser, responseCode, replaceName);
        return;
      }
      await checkLimits(deps, row.touser);
      const result = await deps.wecom.send(row.touser, row.body as unknown as OutgoingMessage, {
        duplicateCheck: row.kind === "notice",
      });
      if (result.invaliduser) {
        log.warn({ reason: "invaliduser" }, "wecom could not reach the recipient");
      }
    } catch (error) {
      if (error instanceof WeComApiError && error.errcode === RESPONSE_CODE_SPENT) {
        log.info({ errcode: error.errcode }, "card could not be updated any more; left as it is");
        return;
      }
      if (error instanceof WeComApiError && (error.errcode === 45009 || error.errcode === 45033)) {
        Object.assign(error, { retryAfterMs: FREQUENCY_BACKOFF_MS });
      }
      throw error;
    }
  };
}

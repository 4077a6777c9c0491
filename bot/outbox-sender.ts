import type { OutboxMessage } from "../server/db/entities/outbox-message.entity";
import type { Logger } from "../server/logger";
import { WeComApiError } from "./wecom-api-error";
import type { OutgoingMessage, WeComClient } from "./wecom-client";

/**
 * WeCom's answer when a card's response code was used already or is older than 72 hours: the card
 * cannot change any more, and trying again will not help (doc 94888). Treated as done.
 */
const RESPONSE_CODE_SPENT = 60140;

/** Sends one outbox row through the WeCom API; throwing leaves the row to the outbox's retries. */
export function outboxSender(wecom: WeComClient) {
  return async (row: OutboxMessage, log: Logger): Promise<void> => {
    if (row.kind === "card_update") {
      const { responseCode, replaceName } = row.body as {
        responseCode: string;
        replaceName: string;
      };
      try {
        await wecom.updateCardButton(row.touser, responseCode, replaceName);
      } catch (error) {
        if (error instanceof WeComApiError && error.errcode === RESPONSE_CODE_SPENT) {
          log.info({ errcode: error.errcode }, "card could not be updated any more; left as it is");
          return;
        }
        throw error;
      }
      return;
    }
    const result = await wecom.send(row.touser, row.body as unknown as OutgoingMessage);
    if (result.invaliduser) {
      log.warn({ reason: "invaliduser" }, "wecom could not reach the recipient");
    }
  };
}

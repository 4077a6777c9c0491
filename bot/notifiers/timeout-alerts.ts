import type { SalesCore } from "../../server/sales-core";
import { renderTimeoutCard } from "../renderers/timeout-cards";
import type { OutgoingMessage } from "../wecom-client";

/**
 * Queues the cards for every breach not yet announced: one to the rep, one to their manager, each
 * under a key of the breach and the recipient, so repeating this after a crash queues nothing twice.
 * Then marks the breaches announced. Returns how many cards were queued.
 */
export async function queueTimeoutAlerts(
  core: SalesCore,
  queue: (touser: string, message: OutgoingMessage, dedupeKey: string) => Promise<void>,
  miniProgramAppId: string | null,
): Promise<number> {
  const alerts = await core.pendingTimeoutAlerts();
  let cards = 0;
  for (const alert of alerts) {
    for (const card of alert.cards) {
      await queue(
        card.touser,
        renderTimeoutCard(alert, card, miniProgramAppId),
        `timeout:${alert.timeoutId}:${card.touser}`,
      );
      cards += 1;
    }
  }
  await core.markAlertsQueued(alerts.map((a) => a.timeoutId));

  return cards;
}

import type { InboxItem } from "../../server/db/entities/inbox-item.entity";
import { BeatError } from "../../server/errors";
import type { Logger } from "../../server/logger";
import { renderRefusal } from "../renderers/refusal";
import type { OutgoingMessage } from "../wecom-client";
import { toWeComEvent, type WeComEvent, type WeComEventType } from "../wecom-event";
import { parseWeComXml } from "../wecom-xml";
import type { DeliveryContext, EventHandler } from "./delivery-context";
import { onCallSummary } from "./on-call-summary";
import { onCardEvent } from "./on-card-event";
import { onExternalContact } from "./on-external-contact";
import { onMediaMessage } from "./on-media-message";
import { onTextMessage } from "./on-text-message";
import { onUnhandledEvent } from "./on-unhandled-event";

/** One handler per WeCom event type. */
const HANDLERS: {
  [T in WeComEventType]: (
    event: Extract<WeComEvent, { type: T }>,
    ctx: DeliveryContext,
  ) => Promise<void>;
} = {
  text: onTextMessage,
  image: onMediaMessage,
  voice: onMediaMessage,
  video: onMediaMessage,
  location: onMediaMessage,
  link: onMediaMessage,
  enter_agent: onUnhandledEvent,
  click: onUnhandledEvent,
  view: onUnhandledEvent,
  template_card_event: onCardEvent,
  change_external_contact: onExternalContact,
  unknown: onUnhandledEvent,
};

/** What the composition root gives the handlers: the core, the clock and the outbox. */
export interface DeliveryServices
  extends Pick<DeliveryContext, "clock" | "core" | "lookupExternalContact"> {
  queue(touser: string, message: OutgoingMessage, dedupeKey: string): Promise<void>;
  queueCardUpdate(
    userid: string,
    responseCode: string,
    replaceName: string,
    dedupeKey: string,
  ): Promise<void>;
}

/**
 * Handles one stored delivery: a WeCom callback, turned back into a typed event and given to its
 * handler, or a call summary from the phone system.
 */
export function deliveryHandler(services: DeliveryServices) {
  return async (item: InboxItem, log: Logger): Promise<void> => {
    // Every message a delivery causes is keyed by the delivery, so handling it again (after a crash
    // between its effects and the inbox row's completion) queues nothing twice.
    const keyOf = (what: string, touser: string) => `${item.deliveryKey}:${what}:${touser}`;
    const ctx: DeliveryContext = {
      log,
      clock: services.clock,
      core: services.core,
      lookupExternalContact: services.lookupExternalContact,
      deliveryKey: item.deliveryKey,
      send: (touser, message, key) => services.queue(touser, message, keyOf(key, touser)),
      sendOnce: (touser, message, key) => services.queue(touser, message, key),
      updateCard: (userid, responseCode, replaceName) =>
        services.queueCardUpdate(userid, responseCode, replaceName, keyOf("card", userid)),
    };
    if (item.source === "call_summary") {
      await onCallSummary(item.payload, ctx);
      return;
    }
    const event: WeComEvent = toWeComEvent(parseWeComXml(item.payload));
    const handler = HANDLERS[event.type] as EventHandler;
    try {
      await handler(event, ctx);
    } catch (error) {
      // A refusal (a name too short, someone else's deal) will not change on a retry: tell the
      // sender why and finish, rather than retrying it five times and parking it.
      if (
        error instanceof BeatError &&
        error.status < 500 &&
        event.fromUser &&
        event.fromUser !== "sys"
      ) {
        log.info({ refused: error.code }, "refused; the sender was told why");
        await ctx.send(event.fromUser, renderRefusal(error), "refusal");
        return;
      }
      throw error;
    }
  };
}

import type { InboxItem } from "../../server/db/entities/inbox-item.entity";
import type { Logger } from "../../server/logger";
import { toWeComEvent, type WeComEvent, type WeComEventType } from "../wecom-event";
import { parseWeComXml } from "../wecom-xml";
import type { DeliveryContext, EventHandler } from "./delivery-context";
import { onChatMessage } from "./on-chat-message";
import { onUnhandledEvent } from "./on-unhandled-event";

/** One handler per WeCom event type. */
const HANDLERS: {
  [T in WeComEventType]: (
    event: Extract<WeComEvent, { type: T }>,
    ctx: DeliveryContext,
  ) => Promise<void>;
} = {
  text: onChatMessage,
  image: onChatMessage,
  voice: onChatMessage,
  video: onChatMessage,
  location: onChatMessage,
  link: onChatMessage,
  enter_agent: onUnhandledEvent,
  click: onUnhandledEvent,
  view: onUnhandledEvent,
  template_card_event: onUnhandledEvent,
  change_external_contact: onUnhandledEvent,
  unknown: onUnhandledEvent,
};

/** Turns a stored WeCom delivery back into a typed event and hands it to its handler. */
export function wecomDeliveryHandler(context: Omit<DeliveryContext, "log">) {
  return async (item: InboxItem, log: Logger): Promise<void> => {
    const event: WeComEvent = toWeComEvent(parseWeComXml(item.payload));
    const handler = HANDLERS[event.type] as EventHandler;
    await handler(event, { ...context, log });
  };
}

import type { EventHandler } from "./delivery-context";

/**
 * Events Beat receives but does not act on yet (menu clicks, card clicks, customer-contact changes,
 * unknown types). They stay in the inbox as received, so a later handler can replay them.
 */
export const onUnhandledEvent: EventHandler = async (event, ctx) => {
  ctx.log.debug({ type: event.type }, "event kept, no handler acts on it");
};

import type { Clock } from "../../server/clock";
import type { ExternalContactInfo } from "../../server/external-contacts/link-external-contact";
import type { Logger } from "../../server/logger";
import type { SalesCore } from "../../server/sales-core";
import type { OutgoingMessage } from "../wecom-client";
import type { WeComEvent, WeComEventType } from "../wecom-event";

/** What a handler may use: the core, how to answer, where to log. Passed in, never looked up. */
export interface DeliveryContext {
  log: Logger;
  clock: Clock;
  core: SalesCore;
  /** The inbox key of the delivery being handled; message keys derive from it. */
  deliveryKey: string;
  /**
   * Queues a message for one person. `key` names it within this delivery, so that handling the
   * delivery again (after a crash) queues nothing twice.
   */
  send(touser: string, message: OutgoingMessage, key: string): Promise<void>;
  /**
   * Queues a message under a key of its own, not the delivery's: the same key from any number of
   * deliveries queues it once (a notice that must not repeat with every message).
   */
  sendOnce(touser: string, message: OutgoingMessage, key: string): Promise<void>;
  /** Queues the greying-out of the card a person clicked, with that click's response code. */
  updateCard(userid: string, responseCode: string, replaceName: string): Promise<void>;
  /** Asks WeCom who a WeChat contact is; null when WeCom will not say (no permission, failure). */
  lookupExternalContact(
    externalUserid: string,
    followerUserid: string,
  ): Promise<ExternalContactInfo | null>;
}

export type EventHandler<T extends WeComEventType = WeComEventType> = (
  event: Extract<WeComEvent, { type: T }>,
  ctx: DeliveryContext,
) => Promise<void>;

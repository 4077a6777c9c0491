import type { Person } from "../../server/db/entities/person.entity";
import type { Logger } from "../../server/logger";
import type { OutgoingMessage } from "../wecom-client";
import type { WeComEvent, WeComEventType } from "../wecom-event";

/** What a handler may use: who sent it, how to answer, where to log. Passed in, never looked up. */
export interface DeliveryContext {
  log: Logger;
  findPerson(userid: string): Promise<Person | null>;
  reply(touser: string, message: OutgoingMessage): Promise<void>;
}

export type EventHandler<T extends WeComEventType = WeComEventType> = (
  event: Extract<WeComEvent, { type: T }>,
  ctx: DeliveryContext,
) => Promise<void>;

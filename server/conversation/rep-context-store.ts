import type { EntityManager } from "typeorm";
import { type Awaiting, RepContext } from "../db/entities/rep-context.entity";

/** A rep's conversation memory; a blank one for a rep the bot has not talked with yet. */
export async function repContextOf(manager: EntityManager, repUserid: string): Promise<RepContext> {
  const known = await manager.getRepository(RepContext).findOneBy({ repUserid });

  return (
    known ??
    manager.getRepository(RepContext).create({
      repUserid,
      lastCustomerId: null,
      lastCustomerAt: null,
      awaiting: null,
      awaitingInteractionId: null,
      awaitingSince: null,
    })
  );
}

/** Remembers the customer a rep just spoke of: a follow-up that names none belongs to it for a while. */
export async function rememberCustomer(
  manager: EntityManager,
  repUserid: string,
  customerId: number,
  at: Date,
): Promise<void> {
  const context = await repContextOf(manager, repUserid);
  context.lastCustomerId = customerId;
  context.lastCustomerAt = at;
  await manager.getRepository(RepContext).save(context);
}

/** Notes what the bot asked the rep, so their next reply can be read as the answer. */
export async function expectReply(
  manager: EntityManager,
  repUserid: string,
  awaiting: Awaiting | null,
  interactionId: number | null,
  at: Date,
): Promise<void> {
  const context = await repContextOf(manager, repUserid);
  context.awaiting = awaiting;
  context.awaitingInteractionId = awaiting ? interactionId : null;
  context.awaitingSince = awaiting ? at : null;
  await manager.getRepository(RepContext).save(context);
}

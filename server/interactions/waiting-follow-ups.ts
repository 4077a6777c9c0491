import type { EntityManager } from "typeorm";
import { expectReply, repContextOf } from "../conversation/rep-context-store";
import type { CoreDeps } from "../core-deps";
import { Interaction } from "../db/entities/interaction.entity";

/** How many waiting follow-ups 待关联 quotes; the count covers them all. */
const LISTED = 5;

export interface WaitingFollowUp {
  interactionId: number;
  text: string;
  occurredAt: Date;
}

/** A rep's follow-ups still waiting for a customer, newest first, and how many there are. */
export interface WaitingFollowUps {
  count: number;
  items: WaitingFollowUp[];
}

/** The follow-up the rep's next reply will place, and how many wait in all (it included). */
export interface NextWaiting {
  count: number;
  next: WaitingFollowUp;
}

/** How many of the rep's follow-ups (and calls) no customer holds yet. */
export function countWaiting(manager: EntityManager, repUserid: string): Promise<number> {
  return manager.getRepository(Interaction).countBy({ repUserid, status: "awaiting_customer" });
}

/** The rep's follow-ups (and calls) that no customer holds yet, newest first. */
export async function listWaiting(
  manager: EntityManager,
  repUserid: string,
  limit = LISTED,
): Promise<WaitingFollowUps> {
  const [rows, count] = await manager.getRepository(Interaction).findAndCount({
    select: { id: true, text: true, occurredAt: true },
    where: { repUserid, status: "awaiting_customer" },
    order: { occurredAt: "DESC", id: "DESC" },
    take: limit,
  });

  return {
    count,
    items: rows.map((r) => ({ interactionId: r.id, text: r.text, occurredAt: r.occurredAt })),
  };
}

/**
 * After a waiting follow-up found its customer, points the rep's next reply at the newest one still
 * waiting, so that a second follow-up sent before the first was placed is asked about in turn rather
 * than forgotten. Leaves a pending question about something else (a call's conclusions) alone.
 */
export async function askAboutNextWaiting(
  manager: EntityManager,
  repUserid: string,
  placedId: number,
  at: Date,
): Promise<NextWaiting | null> {
  const context = await repContextOf(manager, repUserid);
  const waiting = await listWaiting(manager, repUserid, 1);
  const next = waiting.items[0];
  const askedAboutPlaced =
    context.awaiting === null ||
    (context.awaiting === "customer_for_log" && context.awaitingInteractionId === placedId);
  if (askedAboutPlaced) {
    await expectReply(
      manager,
      repUserid,
      next ? "customer_for_log" : null,
      next?.interactionId ?? null,
      at,
    );
  }

  return next ? { count: waiting.count, next } : null;
}

/**
 * 待关联: the rep's waiting follow-ups. The rep's next reply that names a customer places the newest
 * one (and then the bot asks about the next), so the list is also the start of working through them.
 */
export async function waitingFollowUps(
  deps: CoreDeps,
  input: { repUserid: string; at: Date },
): Promise<WaitingFollowUps & { asking: boolean }> {
  return deps.db.transaction(async (manager) => {
    const waiting = await listWaiting(manager, input.repUserid);
    const newest = waiting.items[0];
    const context = await repContextOf(manager, input.repUserid);
    // A call still waiting for its conclusions keeps the rep's next reply.
    const asking = newest !== undefined && context.awaiting !== "call_conclusions";
    if (asking) {
      await expectReply(
        manager,
        input.repUserid,
        "customer_for_log",
        newest.interactionId,
        input.at,
      );
    }

    return { ...waiting, asking };
  });
}

import { IsNull, MoreThanOrEqual } from "typeorm";
import { attachCallConclusions, type ConclusionsOutcome } from "../calls/attach-conclusions";
import type { CoreDeps } from "../core-deps";
import { findCustomerMentions, isJustAName } from "../customers/customer-matcher";
import { looksLikeCompanyName } from "../customers/suggest-customer-name";
import { Customer } from "../db/entities/customer.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { finishPendingLog } from "../interactions/finish-pending-log";
import type { LoggedInteraction } from "../interactions/log-outcome";
import { expectReply, repContextOf } from "./rep-context-store";

/** A call's conclusions come in a reply the same working day, or not at all. */
export const CONCLUSIONS_WINDOW_MS = 12 * 3_600_000;
/** A follow-up waits this long for the rep to name its customer. */
export const PENDING_LOG_WINDOW_MS = 24 * 3_600_000;

export type PendingAnswer =
  | { kind: "conclusions"; outcome: ConclusionsOutcome }
  | { kind: "customer_named"; logged: LoggedInteraction & { createdCustomer: boolean } }
  /** The reply is a company's name that is no customer: the follow-up keeps waiting for 新客户. */
  | { kind: "unknown_name"; name: string };

/**
 * Reads a rep's message as the answer to what the bot last asked them, when it is one: the key
 * conclusions of a call, or the name of the customer a waiting follow-up is about. Null when the
 * message is something else (a follow-up about another customer, say), to be handled as usual.
 */
export async function answerPending(
  deps: CoreDeps,
  input: { repUserid: string; text: string; at: Date; sourceKey: string },
): Promise<PendingAnswer | null> {
  const manager = deps.db.dataSource.manager;
  const repeated = await manager
    .getRepository(Interaction)
    .findOneBy({ conclusionsSourceKey: input.sourceKey });
  if (repeated) {
    return {
      kind: "conclusions",
      outcome: { callInteractionId: repeated.id, logged: null, repeated: true },
    };
  }
  const context = await repContextOf(manager, input.repUserid);
  if (!context.awaiting || !context.awaitingSince) {
    return null;
  }
  const age = input.at.getTime() - context.awaitingSince.getTime();
  const names = await manager
    .getRepository(Customer)
    .find({ select: { id: true, name: true, aliases: true } });
  const mentions = findCustomerMentions(input.text, names);
  const named = [...new Set(mentions.map((m) => m.customerId))];

  if (context.awaiting === "call_conclusions" && age <= CONCLUSIONS_WINDOW_MS) {
    const call = await callToConclude(deps, input.repUserid, input.at, named);
    if (!call) {
      return null;
    }
    const outcome = await attachCallConclusions(deps, {
      repUserid: input.repUserid,
      callInteractionId: call,
      text: input.text,
      at: input.at,
      sourceKey: input.sourceKey,
    });
    const left = await callToConclude(deps, input.repUserid, input.at, []);
    if (left) {
      await deps.db.transaction((tx) =>
        expectReply(tx, input.repUserid, "call_conclusions", left, input.at),
      );
    }
    return { kind: "conclusions", outcome };
  }
  if (
    context.awaiting === "customer_for_log" &&
    context.awaitingInteractionId !== null &&
    age <= PENDING_LOG_WINDOW_MS
  ) {
    const only = mentions.length === 1 ? mentions[0] : undefined;
    if (only && isJustAName(input.text, only)) {
      const logged = await finishPendingLog(deps, {
        repUserid: input.repUserid,
        interactionId: context.awaitingInteractionId,
        choice: { customerId: only.customerId },
        settledBy: "chat",
      });
      return { kind: "customer_named", logged };
    }
    if (mentions.length === 0 && looksLikeCompanyName(input.text)) {
      return { kind: "unknown_name", name: input.text.trim() };
    }
  }

  return null;
}

/**
 * Which of the rep's recent calls a reply concludes: the one on the customer the reply names, or one
 * that could not be placed when the reply names a customer no call has; with no name, the latest.
 * Null when the reply is about another customer altogether.
 */
async function callToConclude(
  deps: CoreDeps,
  repUserid: string,
  at: Date,
  named: number[],
): Promise<number | null> {
  const calls = await deps.db.dataSource.getRepository(Interaction).find({
    where: {
      repUserid,
      source: "call_summary",
      conclusions: IsNull(),
      createdAt: MoreThanOrEqual(new Date(at.getTime() - CONCLUSIONS_WINDOW_MS)),
    },
    order: { occurredAt: "DESC", id: "DESC" },
    take: 10,
  });
  if (named.length === 0) {
    return calls[0]?.id ?? null;
  }
  const onNamed = calls.find((c) => c.customerId !== null && named.includes(c.customerId));
  const unplaced = named.length === 1 ? calls.find((c) => c.customerId === null) : undefined;

  return (onNamed ?? unplaced)?.id ?? null;
}

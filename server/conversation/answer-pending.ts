import { IsNull, MoreThanOrEqual } from "typeorm";
import { attachCallConclusions, type ConclusionsOutcome } from "../calls/attach-conclusions";
import type { CoreDeps } from "../core-deps";
import { isJustAName } from "../customers/customer-matcher";
import { type NamedInText, namedInText } from "../customers/named-in-text";
import { looksLikeCompanyName } from "../customers/suggest-customer-name";
import { Customer } from "../db/entities/customer.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { type FinishedLog, finishPendingLog } from "../interactions/finish-pending-log";
import { expectReply, repContextOf } from "./rep-context-store";

/** A call's conclusions come in a reply the same working day (12 hours), or not at all. */
export const CONCLUSIONS_WINDOW_MS = 12 * 3_600_000;
/** A follow-up waits this long for the rep to name its customer. */
export const PENDING_LOG_WINDOW_MS = 24 * 3_600_000;

export type PendingAnswer =
  | { kind: "conclusions"; outcome: ConclusionsOutcome }
  | { kind: "customer_named"; logged: FinishedLog }
  /** The reply is a company's name that is no customer: the follow-up keeps waiting for 新客户. */
  | { kind: "unknown_name"; name: string }
  /** The reply is a name that several customers start with (华东): the follow-up keeps waiting. */
  | { kind: "which_name"; name: string; candidates: string[] };

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
  const names = await manager
    .getRepository(Customer)
    .find({ select: { id: true, name: true, aliases: true } });
  const named = namedInText(input.text, names);
  const mentions = named.mentions;
  const age = context.awaitingSince ? input.at.getTime() - context.awaitingSince.getTime() : 0;

  // A reply that is only a customer's name answers "which customer?", even while a call also waits
  // for its conclusions (a name alone concludes nothing).
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
    if (mentions.length > 1 && mentions.every((m) => isJustAName(input.text, m))) {
      const candidates = names.filter((c) => named.ids.includes(c.id)).map((c) => c.name);
      return { kind: "which_name", name: input.text.trim(), candidates };
    }
    if (mentions.length === 0 && looksLikeCompanyName(input.text)) {
      return { kind: "unknown_name", name: input.text.trim() };
    }
  }
  // Calls waiting for conclusions are read from the calls themselves, not from what the bot asked
  // last: a follow-up about another customer in between (asked about with a card) must not make the
  // rep's conclusions land as a follow-up afterwards.
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
  const left = await callToConclude(deps, input.repUserid, input.at, null);
  if (left) {
    await deps.db.transaction(async (tx) => {
      const now = await repContextOf(tx, input.repUserid);
      if (now.awaiting !== "customer_for_log") {
        await expectReply(tx, input.repUserid, "call_conclusions", left, input.at);
      }
    });
  }

  return { kind: "conclusions", outcome };
}

/**
 * Which of the rep's recent calls a reply concludes: the one on the customer the reply names, or one
 * that could not be placed when the reply names one customer no call has, or opens with a company
 * Beat does not know; with no name, the latest. Null when the reply is about another customer
 * altogether, or names several loosely (华东的王总 with two 华东 customers): that is a follow-up, asked
 * about as usual. A company named later in the reply (比康泰医药便宜) is taken for a competitor.
 */
async function callToConclude(
  deps: CoreDeps,
  repUserid: string,
  at: Date,
  named: NamedInText | null,
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
  const ids = named?.ids ?? [];
  const opensWithCompany = named?.unknown.some((c) => c.leading) ?? false;
  if (ids.length === 0 && !opensWithCompany) {
    return calls[0]?.id ?? null;
  }
  const onNamed = calls.find((c) => c.customerId !== null && ids.includes(c.customerId));
  const unplaced = ids.length <= 1 ? calls.find((c) => c.customerId === null) : undefined;

  return (onNamed ?? unplaced)?.id ?? null;
}

import { attachCallConclusions, type ConclusionsOutcome } from "../calls/attach-conclusions";
import type { CoreDeps } from "../core-deps";
import { findCustomerMentions, isJustAName } from "../customers/customer-matcher";
import { Customer } from "../db/entities/customer.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { finishPendingLog } from "../interactions/finish-pending-log";
import type { LoggedInteraction } from "../interactions/log-outcome";
import { repContextOf } from "./rep-context-store";

/** A call's conclusions come in the next reply of the same working day, or not at all. */
export const CONCLUSIONS_WINDOW_MS = 12 * 3_600_000;
/** A follow-up waits this long for the rep to name its customer. */
export const PENDING_LOG_WINDOW_MS = 24 * 3_600_000;

export type PendingAnswer =
  | { kind: "conclusions"; outcome: ConclusionsOutcome }
  | { kind: "customer_named"; logged: LoggedInteraction & { createdCustomer: boolean } };

/**
 * Reads a rep's message as the answer to what the bot last asked them, when it is one: the key
 * conclusions of a call, or the name of the customer a waiting follow-up is about. Null when the
 * message is something else, to be handled as usual.
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
  if (!context.awaiting || !context.awaitingSince || context.awaitingInteractionId === null) {
    return null;
  }
  const age = input.at.getTime() - context.awaitingSince.getTime();
  if (context.awaiting === "call_conclusions" && age <= CONCLUSIONS_WINDOW_MS) {
    const outcome = await attachCallConclusions(deps, {
      repUserid: input.repUserid,
      callInteractionId: context.awaitingInteractionId,
      text: input.text,
      at: input.at,
      sourceKey: input.sourceKey,
    });
    return { kind: "conclusions", outcome };
  }
  if (context.awaiting === "customer_for_log" && age <= PENDING_LOG_WINDOW_MS) {
    const names = await manager
      .getRepository(Customer)
      .find({ select: { id: true, name: true, aliases: true } });
    const mentions = findCustomerMentions(input.text, names);
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
  }

  return null;
}

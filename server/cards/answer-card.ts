import type { CoreDeps } from "../core-deps";
import { CardTask } from "../db/entities/card-task.entity";
import { finishPendingLog } from "../interactions/finish-pending-log";
import type { LoggedInteraction } from "../interactions/log-outcome";
import { settleCards } from "./card-tasks";

export type CardAnswer =
  | { kind: "logged"; logged: LoggedInteraction & { createdCustomer: boolean } }
  /** "None of these": the log keeps waiting for the rep to type the customer's name. */
  | { kind: "dismissed" }
  /** The card was settled before (a double tap, or the rep answered in chat first). */
  | { kind: "already"; resolution: string }
  | { kind: "ignored"; reason: "unknown_card" | "unknown_button" | "not_for_you" };

/**
 * A tap on one of Beat's cards (WeCom's template_card_event): finds what the card asked and acts on
 * the button. Only the person the card was sent to can answer it, and only once.
 */
export async function answerCard(
  deps: CoreDeps,
  input: { taskId: string; userid: string; key: string },
): Promise<CardAnswer> {
  const card = await deps.db.dataSource.getRepository(CardTask).findOneBy({ taskId: input.taskId });
  if (!card) {
    return { kind: "ignored", reason: "unknown_card" };
  }
  if (card.touser !== input.userid) {
    return { kind: "ignored", reason: "not_for_you" };
  }
  const option = card.options.find((o) => o.key === input.key);
  if (!option) {
    return { kind: "ignored", reason: "unknown_button" };
  }
  if (card.resolvedAt) {
    return { kind: "already", resolution: card.resolution ?? "" };
  }
  if (option.key === "none") {
    await deps.db.transaction((manager) =>
      settleCards(manager, card.subjectId, "none", deps.clock.now()),
    );
    return { kind: "dismissed" };
  }
  const choice =
    option.customerId !== undefined
      ? { customerId: option.customerId }
      : { createName: option.customerName ?? option.label };
  const logged = await finishPendingLog(deps, {
    repUserid: input.userid,
    interactionId: card.subjectId,
    choice,
    settledBy: option.key,
  });

  return { kind: "logged", logged };
}

import type { CoreDeps } from "../core-deps";
import { type CardOption, type CardPurpose, CardTask } from "../db/entities/card-task.entity";
import type { FinishedLog } from "../interactions/finish-pending-log";
import { answerQuoteCard, type QuoteCardAnswer } from "../quotes/answer-quote-card";
import { answerTimeoutCard, type TimeoutCardAnswer } from "../timeouts/answer-timeout-card";
import { answerCustomerCard } from "./answer-customer-card";

export type CardAnswer =
  | { kind: "logged"; logged: FinishedLog }
  /** "None of these": the log keeps waiting for the rep to type the customer's name. */
  | { kind: "dismissed" }
  /** The card was settled before (a double tap, or the rep answered in chat first). */
  | { kind: "already"; resolution: string }
  | { kind: "ignored"; reason: "unknown_card" | "unknown_button" | "not_for_you" }
  | TimeoutCardAnswer
  | QuoteCardAnswer;

type CardHandler = (deps: CoreDeps, card: CardTask, option: CardOption) => Promise<CardAnswer>;

/** One handler per kind of card, as there is one per WeCom event. */
const HANDLERS: Record<CardPurpose, CardHandler> = {
  pick_customer: answerCustomerCard,
  create_customer: answerCustomerCard,
  stage_timeout: answerTimeoutCard,
  extension_reason: answerTimeoutCard,
  extension_approval: answerTimeoutCard,
  handover_pick: answerTimeoutCard,
  quote_approval: answerQuoteCard,
};

/** Buttons that may be tapped again (looking at what a stage misses changes nothing). */
const REPEATABLE = new Set(["fill"]);

/**
 * A tap on one of Beat's cards (WeCom's template_card_event): finds what the card asked and hands
 * the button to that card's handler. Only the person the card was sent to can answer it, and each
 * question is answered once.
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
  if (card.resolvedAt && !REPEATABLE.has(option.key)) {
    return { kind: "already", resolution: card.resolution ?? "" };
  }

  return HANDLERS[card.purpose](deps, card, option);
}

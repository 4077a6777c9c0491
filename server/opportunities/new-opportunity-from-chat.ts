import type { CoreDeps } from "../core-deps";
import { findCustomerByName } from "../customers/customer-summary";
import type { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { createOpportunity } from "./create-opportunity";
import { customerFor } from "./opportunity-access";
import { chatAmount, MAX_AMOUNT_YUAN } from "./parse-amount";
import { OPEN_ANOTHER, recentOpenDeal } from "./recent-open-deal";

export type NewOpportunityOutcome =
  | { kind: "created"; opportunity: Opportunity; customerName: string; stageName: string }
  | { kind: "no_customer"; query: string; similar: string[] }
  | { kind: "ambiguous"; names: string[] }
  /** A deal on the customer was opened in the last 24 hours and is still open: none is added. */
  | { kind: "exists"; opportunity: Opportunity; stageName: string; again: string }
  /**
   * The amount cannot be a deal's (below zero, zero or under a fen, beyond the ceiling) or Beat
   * cannot read it (1e9, abc). Nothing is opened.
   */
  | {
      kind: "bad_amount";
      said: string;
      problem: "negative" | "too_large" | "not_positive" | "unreadable";
      maxYuan: number;
    };

/** The argument without a trailing 再开一个, and whether it had one. */
function openAnother(arg: string): { text: string; another: boolean } {
  const text = arg.trim();
  const another = text.endsWith(OPEN_ANOTHER);

  return { text: another ? text.slice(0, -OPEN_ANOTHER.length).trim() : text, another };
}

/**
 * 新商机 <客户> <金额>: opens an opportunity for the rep on the customer named, with the amount given.
 * A deal opened on the customer in the last 24 hours and still open is answered instead, so that a
 * message sent twice opens one deal; 再开一个 after the amount opens a second one on purpose.
 */
export async function newOpportunityFromChat(
  deps: CoreDeps,
  input: { repUserid: string; text: string },
): Promise<NewOpportunityOutcome> {
  const { text, another } = openAnother(input.text);
  const read = chatAmount(text);
  // What looks like an unreadable amount may end a customer's own name (Apple Inc).
  const nameAlone =
    read !== null && "problem" in read && read.problem === "unreadable"
      ? await findCustomerByName(deps, text)
      : null;
  const amount = nameAlone?.wholeText && nameAlone.candidates.length === 1 ? null : read;
  if (amount && "problem" in amount) {
    const said = text.slice(amount.start, amount.end).trim();
    return { kind: "bad_amount", said, problem: amount.problem, maxYuan: MAX_AMOUNT_YUAN };
  }
  const query = (amount ? text.slice(0, amount.start) : text).trim();
  const amountFen = amount?.fen ?? null;
  const { candidates, similarOnly } = await findCustomerByName(deps, query);
  if (candidates.length === 0 || similarOnly) {
    return { kind: "no_customer", query, similar: candidates.map((c) => c.name) };
  }
  if (candidates.length > 1) {
    return { kind: "ambiguous", names: candidates.map((c) => c.name) };
  }
  const customer = candidates[0] as (typeof candidates)[number];
  const person = await deps.db.dataSource
    .getRepository(Person)
    .findOneByOrFail({ userid: input.repUserid });
  const manager = deps.db.dataSource.manager;
  const { definition } = await currentPipeline(manager);
  const stageName = (key: string) => stageOf(definition, key)?.name ?? key;
  // Reach first: a customer outside it is refused before anything of its deals is told.
  await customerFor(manager, person, customer.id);
  const existing = another ? null : await recentOpenDeal(manager, customer.id, deps.clock.now());
  if (existing) {
    const again = `新商机 ${text} ${OPEN_ANOTHER}`;
    return {
      kind: "exists",
      opportunity: existing,
      stageName: stageName(existing.stageKey),
      again,
    };
  }
  const opportunity = await createOpportunity(deps, {
    by: person,
    customerId: customer.id,
    amountFen,
  });

  return {
    kind: "created",
    opportunity,
    customerName: customer.name,
    stageName: stageName(opportunity.stageKey),
  };
}

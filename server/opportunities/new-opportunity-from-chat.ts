import type { CoreDeps } from "../core-deps";
import { findCustomerByName } from "../customers/customer-summary";
import type { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { createOpportunity } from "./create-opportunity";
import { chatAmount, MAX_AMOUNT_YUAN } from "./parse-amount";

export type NewOpportunityOutcome =
  | { kind: "created"; opportunity: Opportunity; customerName: string; stageName: string }
  | { kind: "no_customer"; query: string; similar: string[] }
  | { kind: "ambiguous"; names: string[] }
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

/** 新商机 <客户> <金额>: opens an opportunity for the rep on the customer named, with the amount given. */
export async function newOpportunityFromChat(
  deps: CoreDeps,
  input: { repUserid: string; text: string },
): Promise<NewOpportunityOutcome> {
  const read = chatAmount(input.text);
  // What looks like an unreadable amount may end a customer's own name (Apple Inc).
  const nameAlone =
    read !== null && "problem" in read && read.problem === "unreadable"
      ? await findCustomerByName(deps, input.text)
      : null;
  const amount = nameAlone?.wholeText && nameAlone.candidates.length === 1 ? null : read;
  if (amount && "problem" in amount) {
    const said = input.text.slice(amount.start, amount.end).trim();
    return { kind: "bad_amount", said, problem: amount.problem, maxYuan: MAX_AMOUNT_YUAN };
  }
  const query = (amount ? input.text.slice(0, amount.start) : input.text).trim();
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
  const opportunity = await createOpportunity(deps, {
    by: person,
    customerId: customer.id,
    amountFen,
  });
  const { definition } = await currentPipeline(deps.db.dataSource.manager);

  return {
    kind: "created",
    opportunity,
    customerName: customer.name,
    stageName: stageOf(definition, opportunity.stageKey)?.name ?? opportunity.stageKey,
  };
}

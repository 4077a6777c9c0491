import type { CoreDeps } from "../core-deps";
import { findCustomerByName } from "../customers/customer-summary";
import type { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { createOpportunity } from "./create-opportunity";
import { amountSpan, parseAmountFen } from "./parse-amount";

export type NewOpportunityOutcome =
  | { kind: "created"; opportunity: Opportunity; customerName: string; stageName: string }
  | { kind: "no_customer"; query: string }
  | { kind: "ambiguous"; names: string[] };

/** 新商机 <客户> <金额>: opens an opportunity for the rep on the customer named, with the amount given. */
export async function newOpportunityFromChat(
  deps: CoreDeps,
  input: { repUserid: string; text: string },
): Promise<NewOpportunityOutcome> {
  const span = amountSpan(input.text);
  const query = (span ? input.text.slice(0, span.start) : input.text).trim();
  const amountFen = span ? parseAmountFen(input.text.slice(span.start)) : null;
  const { candidates } = await findCustomerByName(deps, query);
  if (candidates.length === 0) {
    return { kind: "no_customer", query };
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

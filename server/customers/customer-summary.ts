import { IsNull, MoreThanOrEqual } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Commitment } from "../db/entities/commitment.entity";
import { Contact } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { Demand } from "../db/entities/demand.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { Objection } from "../db/entities/objection.entity";
import { type Completeness, completenessOf } from "./completeness";
import { findCustomerMentions } from "./customer-matcher";

export interface CustomerSummary {
  customer: Customer;
  completeness: Completeness;
  contacts: Contact[];
  openDemands: Demand[];
  openObjections: Objection[];
  /** The last three interactions, newest first. */
  recent: Interaction[];
  /** Commitments due from now on, soonest first. */
  upcoming: Commitment[];
}

export type SummaryLookup =
  | { kind: "found"; summary: CustomerSummary }
  | { kind: "ambiguous"; candidates: Pick<Customer, "id" | "name">[] }
  | { kind: "none" };

/** Finds a customer by name, alias or close match, for the 客户 <名称> command. */
export async function findCustomerByName(
  deps: CoreDeps,
  query: string,
): Promise<{ ids: number[]; candidates: Customer[] }> {
  const repo = deps.db.dataSource.getRepository(Customer);
  const names = await repo.find({ select: { id: true, name: true, aliases: true } });
  const ids = [...new Set(findCustomerMentions(query, names).map((m) => m.customerId))];
  const candidates = ids.length ? await repo.findBy(ids.map((id) => ({ id }))) : [];

  return { ids, candidates };
}

/** What a rep sees for 客户 <名称>: the record, what is open on it, and what happened last. */
export async function customerSummary(deps: CoreDeps, query: string): Promise<SummaryLookup> {
  const { candidates } = await findCustomerByName(deps, query);
  if (candidates.length === 0) {
    return { kind: "none" };
  }
  if (candidates.length > 1) {
    return { kind: "ambiguous", candidates: candidates.map(({ id, name }) => ({ id, name })) };
  }
  const customer = candidates[0] as Customer;
  const manager = deps.db.dataSource.manager;
  const customerId = customer.id;
  const [completeness, contacts, openDemands, openObjections, recent, upcoming] = await Promise.all(
    [
      completenessOf(manager, [customerId]),
      manager.getRepository(Contact).find({ where: { customerId }, order: { id: "ASC" } }),
      manager
        .getRepository(Demand)
        .find({ where: { customerId, answeredAt: IsNull() }, order: { raisedAt: "ASC" } }),
      manager
        .getRepository(Objection)
        .find({ where: { customerId, closedAt: IsNull() }, order: { raisedAt: "ASC" } }),
      manager.getRepository(Interaction).find({
        where: { customerId, status: "logged" },
        order: { occurredAt: "DESC", id: "DESC" },
        take: 3,
      }),
      manager.getRepository(Commitment).find({
        where: { customerId, dueAt: MoreThanOrEqual(deps.clock.now()) },
        order: { dueAt: "ASC" },
        take: 3,
      }),
    ],
  );

  return {
    kind: "found",
    summary: {
      customer,
      completeness: completeness.get(customerId) as Completeness,
      contacts,
      openDemands,
      openObjections,
      recent,
      upcoming,
    },
  };
}

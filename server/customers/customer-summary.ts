import { IsNull, MoreThanOrEqual } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Commitment } from "../db/entities/commitment.entity";
import { Contact } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { Demand } from "../db/entities/demand.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { Objection } from "../db/entities/objection.entity";
import type { Person } from "../db/entities/person.entity";
import { type Completeness, completenessOf } from "./completeness";
import { isJustAName } from "./customer-matcher";
import { maySeeCustomer } from "./customer-reach";
import { namedInText } from "./named-in-text";

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
  /** `wholeText`: the query is the name and nothing more (客户华东食品, not 客户华东食品王总说…). */
  | { kind: "found"; summary: CustomerSummary; wholeText: boolean }
  | { kind: "ambiguous"; candidates: Pick<Customer, "id" | "name">[] }
  /** `similar`: customers whose names are only like the company the query names (苏州阀门厂). */
  | { kind: "none"; similar: string[] }
  /** The customer is outside the asker's reach: nothing of it is told. */
  | { kind: "forbidden"; wholeText: boolean };

export interface NameLookup {
  /** The customers the query names, in the order it names them; several when it is ambiguous. */
  candidates: Customer[];
  /** The query names a company that none of the candidates is; they only look like it. */
  similarOnly: boolean;
  /** Whether the query is only the name (the matched name covers it). */
  wholeText: boolean;
}

/**
 * Finds the customers a query names (客户 <名称>, 新商机 <客户> <金额>) with the matching follow-ups
 * use: a name or alias, its start (江南精密, or 华东 alone), the name without its place (恒远化工 for
 * 杭州恒远化工), a close match; and a company that only looks like a customer (苏州阀门厂 beside
 * 温州阀门集团) is not taken for it.
 */
export async function findCustomerByName(deps: CoreDeps, query: string): Promise<NameLookup> {
  const repo = deps.db.dataSource.getRepository(Customer);
  const names = await repo.find({ select: { id: true, name: true, aliases: true } });
  const named = namedInText(query, names);
  const candidates = named.ids.length ? await repo.findBy(named.ids.map((id) => ({ id }))) : [];
  candidates.sort((a, b) => named.ids.indexOf(a.id) - named.ids.indexOf(b.id));

  return {
    candidates,
    similarOnly: !named.exact && named.unknown.length > 0,
    wholeText: named.mentions.some((m) => isJustAName(query, m)),
  };
}

/**
 * What a rep sees for 客户 <名称>: the record, what is open on it, and what happened last; only for a
 * customer they may see (their own, their team's for a manager, all for an admin), as in the
 * mini-program.
 */
export async function customerSummary(
  deps: CoreDeps,
  by: Pick<Person, "userid" | "role">,
  query: string,
): Promise<SummaryLookup> {
  const { candidates, similarOnly, wholeText } = await findCustomerByName(deps, query);
  if (candidates.length === 0 || similarOnly) {
    return { kind: "none", similar: candidates.map((c) => c.name) };
  }
  if (candidates.length > 1) {
    return { kind: "ambiguous", candidates: candidates.map(({ id, name }) => ({ id, name })) };
  }
  const customer = candidates[0] as Customer;
  const manager = deps.db.dataSource.manager;
  if (!(await maySeeCustomer(manager, by, customer))) {
    return { kind: "forbidden", wholeText };
  }
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
    wholeText,
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

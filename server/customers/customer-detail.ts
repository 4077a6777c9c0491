import { IsNull } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Contact } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { Demand } from "../db/entities/demand.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { Objection } from "../db/entities/objection.entity";
import type { Person } from "../db/entities/person.entity";
import { NotFoundError } from "../errors";
import { ForbiddenError } from "../opportunities/opportunity-access";
import { type Completeness, completenessOf } from "./completeness";
import { maySeeCustomer } from "./customer-reach";

/** How many interactions the customer page shows, newest first. */
const RECENT = 20;

export interface CustomerDetail {
  customer: Customer;
  completeness: Completeness;
  contacts: Contact[];
  openDemands: Demand[];
  openObjections: Objection[];
  interactions: Interaction[];
}

/** A customer's page in the mini-program: its record and its interactions with their evidence. */
export async function customerDetail(
  deps: CoreDeps,
  by: Pick<Person, "userid" | "role">,
  customerId: number,
): Promise<CustomerDetail> {
  const manager = deps.db.dataSource.manager;
  const customer = await manager.getRepository(Customer).findOneBy({ id: customerId });
  if (!customer) {
    throw new NotFoundError("customer");
  }
  if (!(await maySeeCustomer(manager, by, customer))) {
    throw new ForbiddenError("customer");
  }
  const [completeness, contacts, openDemands, openObjections, interactions] = await Promise.all([
    completenessOf(manager, [customerId]),
    manager.getRepository(Contact).find({ where: { customerId }, order: { id: "ASC" } }),
    manager
      .getRepository(Demand)
      .find({ where: { customerId, answeredAt: IsNull() }, order: { raisedAt: "ASC" } }),
    manager
      .getRepository(Objection)
      .find({ where: { customerId, closedAt: IsNull() }, order: { raisedAt: "ASC" } }),
    manager.getRepository(Interaction).find({
      where: { customerId },
      order: { occurredAt: "DESC", id: "DESC" },
      take: RECENT,
    }),
  ]);

  return {
    customer,
    completeness: completeness.get(customerId) as Completeness,
    contacts,
    openDemands,
    openObjections,
    interactions,
  };
}

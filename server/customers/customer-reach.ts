import type { EntityManager } from "typeorm";
import type { Customer } from "../db/entities/customer.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import type { Person } from "../db/entities/person.entity";
import { mayAct } from "../opportunities/opportunity-access";

async function worksADealWith(
  manager: EntityManager,
  by: Pick<Person, "userid" | "role">,
  customerId: number,
): Promise<boolean> {
  const owners = await manager
    .getRepository(Opportunity)
    .find({ where: { customerId }, select: { ownerUserid: true } });
  for (const owner of new Set(owners.map((o) => o.ownerUserid))) {
    if (await mayAct(manager, by, { ownerUserid: owner })) {
      return true;
    }
  }

  return false;
}

/**
 * Whether `by` may see a customer's record, in the mini-program and in chat (客户 <名称>) alike: the
 * same circle as for opportunities (the owner, the owner's manager, admins), widened to whoever may
 * act on a deal with this customer: a deal handed over (转交) or opened for a teammate shows the
 * customer's contacts in its form, so its record must open too.
 */
export async function maySeeCustomer(
  manager: EntityManager,
  by: Pick<Person, "userid" | "role">,
  customer: Pick<Customer, "id" | "ownerUserid">,
): Promise<boolean> {
  return (
    (await mayAct(manager, by, { ownerUserid: customer.ownerUserid })) ||
    (await worksADealWith(manager, by, customer.id))
  );
}

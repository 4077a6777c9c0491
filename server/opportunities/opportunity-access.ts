import type { EntityManager } from "typeorm";
import { Customer } from "../db/entities/customer.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { BeatError, NotFoundError } from "../errors";

/**
 * Someone acting on a record outside their reach. One code for every kind of record (the mini-program
 * words it once); the message says which kind, and holds for a teammate as for another team.
 */
export class ForbiddenError extends BeatError {
  constructor(what: "opportunity" | "customer" | "record" = "record") {
    super(
      "forbidden",
      `this ${what} is outside your reach: ` +
        "only its owner, the owner's manager and admins may see or change it",
      403,
    );
  }
}

/**
 * Who may see and change an opportunity or a customer: its owner, the owner's manager, and admins.
 * Everyone else is refused, teammates and managers of other teams included.
 */
export async function mayAct(
  manager: EntityManager,
  person: Pick<Person, "userid" | "role">,
  opportunity: Pick<Opportunity, "ownerUserid">,
): Promise<boolean> {
  if (person.role === "admin" || opportunity.ownerUserid === person.userid) {
    return true;
  }
  if (person.role !== "manager") {
    return false;
  }
  const owner = await manager.getRepository(Person).findOneBy({ userid: opportunity.ownerUserid });

  return owner?.managerUserid === person.userid;
}

/** The opportunity, if it exists and `person` may act on it; 404 or 403 otherwise. */
export async function opportunityFor(
  manager: EntityManager,
  person: Pick<Person, "userid" | "role">,
  opportunityId: number,
): Promise<Opportunity> {
  const opportunity = await manager.getRepository(Opportunity).findOneBy({ id: opportunityId });
  if (!opportunity) {
    throw new NotFoundError("opportunity");
  }
  if (!(await mayAct(manager, person, opportunity))) {
    throw new ForbiddenError("opportunity");
  }

  return opportunity;
}

/** The customer, if it exists and `person` may act on it (open a deal on it); 404 or 403 otherwise. */
export async function customerFor(
  manager: EntityManager,
  person: Pick<Person, "userid" | "role">,
  customerId: number,
): Promise<Customer> {
  const customer = await manager.getRepository(Customer).findOneBy({ id: customerId });
  if (!customer) {
    throw new NotFoundError("customer");
  }
  if (!(await mayAct(manager, person, customer))) {
    throw new ForbiddenError("customer");
  }

  return customer;
}

/** The userids whose opportunities `person` sees: their own, their team's for a manager, all for an admin. */
export async function visibleOwners(
  manager: EntityManager,
  person: Pick<Person, "userid" | "role">,
): Promise<string[] | "all"> {
  if (person.role === "admin") {
    return "all";
  }
  if (person.role !== "manager") {
    return [person.userid];
  }
  const team = await manager.getRepository(Person).findBy({ managerUserid: person.userid });

  return [person.userid, ...team.map((p) => p.userid)];
}

import type { EntityManager } from "typeorm";
import { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { BeatError, NotFoundError } from "../errors";

export class ForbiddenError extends BeatError {
  constructor() {
    super("forbidden", "this opportunity belongs to someone else's team", 403);
  }
}

/**
 * Who may see and change an opportunity: its owner, the owner's manager, and admins. Everyone else
 * is refused, managers of other teams included.
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
    throw new ForbiddenError();
  }

  return opportunity;
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

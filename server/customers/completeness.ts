import { type EntityManager, In } from "typeorm";
import { CONTACT_ROLES, Contact, type ContactRole } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { Demand } from "../db/entities/demand.entity";

/**
 * What a complete customer record knows, one point each: industry, address, a contact in each of the
 * five decision roles, what they need, their budget and their timeline. Ten points in all.
 */
export type CompletenessItem =
  | "industry"
  | "address"
  | `contact:${ContactRole}`
  | "demand"
  | "budget"
  | "timeline";

export const COMPLETENESS_ITEMS: readonly CompletenessItem[] = [
  "industry",
  "address",
  ...CONTACT_ROLES.map((role) => `contact:${role}` as const),
  "demand",
  "budget",
  "timeline",
];

export interface Completeness {
  customerId: number;
  /** Known items over all items, 0 to 1, two decimals. */
  score: number;
  known: CompletenessItem[];
  missing: CompletenessItem[];
}

interface Facts {
  customer: Pick<Customer, "id" | "industry" | "address" | "budget" | "timeline" | "tags">;
  roles: ReadonlySet<ContactRole>;
  hasDemand: boolean;
}

function score({ customer, roles, hasDemand }: Facts): Completeness {
  const known = (item: CompletenessItem): boolean => {
    if (item.startsWith("contact:")) {
      return roles.has(item.slice("contact:".length) as ContactRole);
    }
    switch (item) {
      case "industry":
        return Boolean(customer.industry);
      case "address":
        return Boolean(customer.address);
      case "budget":
        return Boolean(customer.budget);
      case "timeline":
        return Boolean(customer.timeline);
      default:
        // A demand row, or a message that showed the need clearly (需求明确) without naming an item.
        return hasDemand || Boolean(customer.tags.demand_clear);
    }
  };
  const knownItems = COMPLETENESS_ITEMS.filter(known);

  return {
    customerId: customer.id,
    score: Math.round((knownItems.length / COMPLETENESS_ITEMS.length) * 100) / 100,
    known: knownItems,
    missing: COMPLETENESS_ITEMS.filter((item) => !known(item)),
  };
}

/** The completeness of each given customer (all of them when `customerIds` is absent), by id. */
export async function completenessOf(
  manager: EntityManager,
  customerIds?: number[],
): Promise<Map<number, Completeness>> {
  const where = customerIds ? { id: In(customerIds) } : {};
  const customers = await manager.getRepository(Customer).find({
    where,
    select: { id: true, industry: true, address: true, budget: true, timeline: true, tags: true },
  });
  const ids = customers.map((c) => c.id);
  const contacts = await manager
    .getRepository(Contact)
    .find({ where: { customerId: In(ids) }, select: { customerId: true, role: true } });
  const demandRows = await manager
    .getRepository(Demand)
    .createQueryBuilder("d")
    .select("DISTINCT d.customerId", "customerId")
    .where("d.customerId IN (:...ids)", { ids: ids.length ? ids : [-1] })
    .getRawMany<{ customerId: number }>();
  const withDemand = new Set(demandRows.map((r) => Number(r.customerId)));
  const rolesOf = new Map<number, Set<ContactRole>>();
  for (const contact of contacts) {
    if (contact.role) {
      const roles = rolesOf.get(contact.customerId) ?? new Set<ContactRole>();
      roles.add(contact.role);
      rolesOf.set(contact.customerId, roles);
    }
  }

  return new Map(
    customers.map((customer) => [
      customer.id,
      score({
        customer,
        roles: rolesOf.get(customer.id) ?? new Set(),
        hasDemand: withDemand.has(customer.id),
      }),
    ]),
  );
}

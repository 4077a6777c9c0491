import type { CoreDeps } from "../core-deps";
import { findCustomerMentions } from "../customers/customer-matcher";
import { normalizeName } from "../customers/customer-names";
import { Customer } from "../db/entities/customer.entity";
import { ExternalContact } from "../db/entities/external-contact.entity";
import { type ExternalContactOutcome, link } from "./link-external-contact";

export type LinkCommandOutcome =
  | ExternalContactOutcome
  | { kind: "no_such_contact" }
  | { kind: "no_such_customer" }
  | { kind: "ambiguous_customer"; candidates: Pick<Customer, "id" | "name">[] };

/** The WeChat contacts a rep added that no customer claims yet, newest first. */
export function unlinkedExternalContacts(
  deps: CoreDeps,
  repUserid: string,
): Promise<ExternalContact[]> {
  return deps.db.dataSource
    .getRepository(ExternalContact)
    .find({ where: { repUserid, status: "unlinked" }, order: { updatedAt: "DESC" } });
}

/**
 * 关联 <联系人> <客户>: links one of the rep's unlinked WeChat contacts, named by its WeChat name or
 * remark at the start of `text`, to the customer the rest of `text` names.
 */
export async function linkByCommand(
  deps: CoreDeps,
  input: { repUserid: string; text: string },
): Promise<LinkCommandOutcome> {
  const rows = await deps.db.dataSource
    .getRepository(ExternalContact)
    .findBy({ repUserid: input.repUserid });
  const text = normalizeName(input.text);
  const labelled = rows
    .flatMap((row) =>
      // Unnamed contacts are shown as 联系人#12; the rep may type that, or #12.
      [row.name, row.remark, `联系人#${row.id}`, `#${row.id}`]
        .filter((l): l is string => Boolean(l))
        .map((label) => ({ row, label: normalizeName(label) })),
    )
    .filter(({ label }) => text.startsWith(label))
    .sort((a, b) => b.label.length - a.label.length);
  const chosen = labelled[0];
  if (!chosen) {
    return { kind: "no_such_contact" };
  }
  const rest = text.slice(chosen.label.length);
  const customers = deps.db.dataSource.getRepository(Customer);
  const names = await customers.find({ select: { id: true, name: true, aliases: true } });
  const ids = [...new Set(findCustomerMentions(rest, names).map((m) => m.customerId))];
  if (ids.length === 0) {
    return { kind: "no_such_customer" };
  }
  if (ids.length > 1) {
    const candidates = await customers.findBy(ids.map((id) => ({ id })));
    return {
      kind: "ambiguous_customer",
      candidates: candidates.map(({ id, name }) => ({ id, name })),
    };
  }
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const customer = await manager
      .getRepository(Customer)
      .findOneByOrFail({ id: ids[0] as number });
    const row = await manager.getRepository(ExternalContact).findOneByOrFail({ id: chosen.row.id });
    return link(manager, row, customer, now);
  });
}

import type { EntityManager } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { findCustomerMentions } from "../customers/customer-matcher";
import { normalizeName } from "../customers/customer-names";
import { Contact } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { ExternalContact } from "../db/entities/external-contact.entity";

/** What WeCom told Beat of the contact; null when its API could not be asked (no permission, say). */
export interface ExternalContactInfo {
  name: string | null;
  corpName: string | null;
  remark: string | null;
  remarkCorpName: string | null;
}

export type ExternalContactOutcome =
  | {
      kind: "linked";
      customer: Pick<Customer, "id" | "name">;
      contactName: string | null;
      row: ExternalContact;
    }
  | { kind: "unlinked"; row: ExternalContact }
  | { kind: "removed" }
  | { kind: "ignored" };

/** change_external_contact ChangeTypes that end the relation (WeCom doc 92130). */
const ENDS = new Set(["del_external_contact", "del_follow_user"]);
/** ChangeTypes that start or change it. */
const STARTS = new Set([
  "add_external_contact",
  "edit_external_contact",
  "add_half_external_contact",
]);

/**
 * Ties a WeChat contact a rep added to a customer, and to one of its contacts, when the company they
 * gave, the rep's remark or the name says which; otherwise keeps it unlinked for the rep to link.
 */
export async function linkExternalContact(
  deps: CoreDeps,
  input: {
    repUserid: string;
    externalUserid: string;
    changeType: string;
    info: ExternalContactInfo | null;
  },
): Promise<ExternalContactOutcome> {
  const now = deps.clock.now();
  if (!STARTS.has(input.changeType) && !ENDS.has(input.changeType)) {
    return { kind: "ignored" };
  }

  return deps.db.transaction(async (manager) => {
    const repo = manager.getRepository(ExternalContact);
    let row = await repo.findOneBy({
      externalUserid: input.externalUserid,
      repUserid: input.repUserid,
    });
    if (ENDS.has(input.changeType)) {
      if (row) {
        await repo.update({ id: row.id }, { status: "removed", updatedAt: now });
      }
      return { kind: "removed" };
    }
    const info = input.info;
    row = repo.create({
      ...(row ?? { createdAt: now, customerId: null, contactId: null }),
      externalUserid: input.externalUserid,
      repUserid: input.repUserid,
      name: info?.name?.slice(0, 100) ?? row?.name ?? null,
      corpName: (info?.remarkCorpName ?? info?.corpName)?.slice(0, 200) ?? row?.corpName ?? null,
      remark: info?.remark?.slice(0, 200) ?? row?.remark ?? null,
      status: row?.status === "linked" ? "linked" : "unlinked",
      updatedAt: now,
    });
    if (row.status !== "linked") {
      const customer = await customerNamedBy(manager, [row.corpName, row.remark, row.name]);
      if (customer) {
        return link(manager, row, customer, now);
      }
    }
    row = await repo.save(row);
    if (row.status === "linked" && row.customerId !== null) {
      const customer = await manager
        .getRepository(Customer)
        .findOneByOrFail({ id: row.customerId });
      return { kind: "linked", customer, contactName: null, row };
    }

    return { kind: "unlinked", row };
  });
}

/** The one customer the texts name, tried in order (company, remark, name); null when none or several. */
async function customerNamedBy(
  manager: EntityManager,
  texts: (string | null)[],
): Promise<Customer | null> {
  const names = await manager
    .getRepository(Customer)
    .find({ select: { id: true, name: true, aliases: true } });
  for (const text of texts) {
    if (!text) {
      continue;
    }
    const ids = [...new Set(findCustomerMentions(text, names).map((m) => m.customerId))];
    if (ids.length === 1) {
      return manager.getRepository(Customer).findOneBy({ id: ids[0] as number });
    }
  }

  return null;
}

/** Links the row to the customer, and to the contact whose name the remark or WeChat name contains. */
export async function link(
  manager: EntityManager,
  row: ExternalContact,
  customer: Customer,
  now: Date,
): Promise<ExternalContactOutcome> {
  const contacts = await manager.getRepository(Contact).findBy({ customerId: customer.id });
  const said = [row.remark, row.name].filter((t): t is string => Boolean(t)).map(normalizeName);
  const contact = contacts
    .filter((c) => said.some((text) => text.includes(normalizeName(c.name))))
    .sort((a, b) => b.name.length - a.name.length)[0];
  row.customerId = customer.id;
  row.contactId = contact?.id ?? null;
  row.status = "linked";
  row.updatedAt = now;
  const saved = await manager.getRepository(ExternalContact).save(row);
  if (contact && !contact.externalUserid) {
    await manager
      .getRepository(Contact)
      .update({ id: contact.id }, { externalUserid: row.externalUserid });
  }

  return {
    kind: "linked",
    customer: { id: customer.id, name: customer.name },
    contactName: contact?.name ?? null,
    row: saved,
  };
}

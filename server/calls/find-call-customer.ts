import type { EntityManager } from "typeorm";
import { findCustomerMentions } from "../customers/customer-matcher";
import { Contact } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { ExternalContact } from "../db/entities/external-contact.entity";
import { type CallSummary, phoneDigits } from "./call-summary";

/**
 * The customer a call was with: the WeChat contact it came through, a contact's phone number, or
 * the name the phone system gave. Null when none of them settles on exactly one customer.
 */
export async function findCallCustomer(
  manager: EntityManager,
  call: CallSummary,
): Promise<Customer | null> {
  const customers = manager.getRepository(Customer);
  const { externalUserId, phone, name } = call.customer;
  if (externalUserId) {
    const links = await manager
      .getRepository(ExternalContact)
      .findBy({ externalUserid: externalUserId, status: "linked" });
    const ids = [...new Set(links.map((l) => l.customerId).filter((id) => id !== null))];
    if (ids.length === 1) {
      return customers.findOneBy({ id: ids[0] as number });
    }
  }
  if (phone) {
    const digits = phoneDigits(phone);
    const withPhone = await manager
      .getRepository(Contact)
      .createQueryBuilder("c")
      .select(["c.customerId", "c.phone"])
      .where("c.phone IS NOT NULL")
      .getMany();
    const ids = [
      ...new Set(
        withPhone.filter((c) => phoneDigits(c.phone ?? "") === digits).map((c) => c.customerId),
      ),
    ];
    if (ids.length === 1) {
      return customers.findOneBy({ id: ids[0] as number });
    }
  }
  if (name) {
    const names = await customers.find({ select: { id: true, name: true, aliases: true } });
    const ids = [...new Set(findCustomerMentions(name, names).map((m) => m.customerId))];
    if (ids.length === 1) {
      return customers.findOneBy({ id: ids[0] as number });
    }
  }

  return null;
}

import type { Database } from "../../server/db/database";
import { Contact, type ContactRole } from "../../server/db/entities/contact.entity";
import { Customer } from "../../server/db/entities/customer.entity";

export interface CustomerFixture {
  name: string;
  owner: string;
  aliases?: string[];
  isKey?: boolean;
  industry?: string;
  address?: string;
  contacts?: { name: string; role: ContactRole | null; phone?: string }[];
}

/** Factory: puts customers and their contacts straight into the database; returns their ids by name. */
export async function addCustomers(
  db: Database,
  customers: CustomerFixture[],
): Promise<Map<string, number>> {
  const now = new Date();
  const ids = new Map<string, number>();
  for (const c of customers) {
    const saved = await db.dataSource.getRepository(Customer).save({
      name: c.name,
      ownerUserid: c.owner,
      isKey: c.isKey ?? false,
      industry: c.industry ?? null,
      address: c.address ?? null,
      latitude: null,
      longitude: null,
      aliases: c.aliases ?? [],
      budget: null,
      timeline: null,
      tags: {},
      lastContactAt: null,
      lastContactInteractionId: null,
      createdAt: now,
      updatedAt: now,
    });
    ids.set(c.name, saved.id);
    for (const contact of c.contacts ?? []) {
      await db.dataSource.getRepository(Contact).insert({
        customerId: saved.id,
        name: contact.name,
        role: contact.role,
        phone: contact.phone ?? null,
        externalUserid: null,
        lastContactAt: null,
        createdAt: now,
      });
    }
  }

  return ids;
}

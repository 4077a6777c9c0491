import { In } from "typeorm";
import type { Clock } from "../clock";
import type { Database } from "../db/database";
import { Contact } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { Person } from "../db/entities/person.entity";
import { type CustomerRow, customerRow } from "../import/customer-row";
import { type ImportReport, type ProgressListener, reasonOf } from "../import/import-report";

export interface ImportCustomersInput {
  rows: { rowNumber: number; record: Record<string, string> }[];
  db: Database;
  clock: Clock;
  onProgress?: ProgressListener;
}

type CustomerFields = Pick<
  Customer,
  "ownerUserid" | "isKey" | "industry" | "address" | "latitude" | "longitude" | "aliases"
>;

function fieldsOf(row: CustomerRow): CustomerFields {
  return {
    ownerUserid: row.owner_userid,
    isKey: row.key,
    industry: row.industry,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    aliases: row.aliases,
  };
}

function sameFields(current: Customer, next: CustomerFields): boolean {
  // Aliases are a list: compared by content, or every re-import would count as a change.
  return (Object.keys(next) as (keyof CustomerFields)[]).every((k) =>
    k === "aliases"
      ? JSON.stringify(current.aliases) === JSON.stringify(next.aliases)
      : current[k] === next[k],
  );
}

/**
 * Creates or updates customers by name, and their contacts by name within the customer. Contacts
 * missing from the file are kept: an import adds and corrects, it never deletes what reps recorded.
 */
export async function importCustomers(input: ImportCustomersInput): Promise<ImportReport> {
  const report: ImportReport = {
    kind: "customers",
    total: input.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };
  const valid: { rowNumber: number; customer: CustomerRow }[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, record } of input.rows) {
    const parsed = customerRow.safeParse(record);
    if (!parsed.success) {
      report.rejected.push({ row: rowNumber, reason: reasonOf(parsed.error.issues) });
      continue;
    }
    const earlier = seen.get(parsed.data.name);
    if (earlier !== undefined) {
      report.rejected.push({
        row: rowNumber,
        reason: `customer ${parsed.data.name} already appears on row ${earlier}`,
      });
      continue;
    }
    seen.set(parsed.data.name, rowNumber);
    valid.push({ rowNumber, customer: parsed.data });
  }

  await input.db.transaction(async (manager) => {
    const customers = manager.getRepository(Customer);
    const contacts = manager.getRepository(Contact);
    const owners = new Set(
      (
        await manager
          .getRepository(Person)
          .findBy({ userid: In(valid.map((v) => v.customer.owner_userid)) })
      ).map((p) => p.userid),
    );
    const existing = new Map(
      (
        await customers.find({
          where: { name: In([...seen.keys()]) },
          relations: { contacts: true },
        })
      ).map((c) => [c.name, c]),
    );
    let done = report.rejected.length;
    for (const { rowNumber, customer: row } of valid) {
      done += 1;
      input.onProgress?.(done, report.total);
      if (!owners.has(row.owner_userid)) {
        report.rejected.push({
          row: rowNumber,
          reason: `owner_userid ${row.owner_userid} is not an imported person`,
        });
        continue;
      }
      const now = input.clock.now();
      const fields = fieldsOf(row);
      const current = existing.get(row.name);
      let changed = false;
      let customerId: number;
      if (!current) {
        const inserted = await customers.insert({
          name: row.name,
          ...fields,
          createdAt: now,
          updatedAt: now,
        });
        customerId = Number(inserted.identifiers[0]?.id);
      } else {
        customerId = current.id;
        if (!sameFields(current, fields)) {
          await customers.update({ id: current.id }, { ...fields, updatedAt: now });
          changed = true;
        }
      }
      for (const contact of row.contacts) {
        const known = current?.contacts.find((c) => c.name === contact.name);
        if (!known) {
          await contacts.insert({
            customerId,
            name: contact.name,
            role: contact.role,
            phone: contact.phone,
            createdAt: now,
          });
          changed = true;
        } else if (
          known.role !== contact.role ||
          (contact.phone && known.phone !== contact.phone)
        ) {
          await contacts.update(
            { id: known.id },
            { role: contact.role, ...(contact.phone ? { phone: contact.phone } : {}) },
          );
          changed = true;
        }
      }
      if (!current) report.created += 1;
      else if (changed) report.updated += 1;
      else report.unchanged += 1;
    }
  });
  report.rejected.sort((a, b) => a.row - b.row);
  input.onProgress?.(report.total, report.total);

  return report;
}

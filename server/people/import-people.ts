import { In } from "typeorm";
import type { Clock } from "../clock";
import type { Database } from "../db/database";
import { Person } from "../db/entities/person.entity";
import { type ImportReport, type ProgressListener, reasonOf } from "../import/import-report";
import { type PeopleRow, peopleRow } from "../import/people-row";

export interface ImportPeopleInput {
  rows: { rowNumber: number; record: Record<string, string> }[];
  db: Database;
  clock: Clock;
  onProgress?: ProgressListener;
}

/**
 * Creates or updates team members by WeCom userid. A row that would change nothing writes nothing,
 * so importing the same file twice leaves the database as it was.
 */
export async function importPeople(input: ImportPeopleInput): Promise<ImportReport> {
  const report: ImportReport = {
    kind: "people",
    total: input.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };
  const valid: { rowNumber: number; person: PeopleRow }[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, record } of input.rows) {
    const parsed = peopleRow.safeParse(record);
    if (!parsed.success) {
      report.rejected.push({ row: rowNumber, reason: reasonOf(parsed.error.issues) });
      continue;
    }
    const person = parsed.data as PeopleRow;
    const earlier = seen.get(person.userid);
    if (earlier !== undefined) {
      report.rejected.push({
        row: rowNumber,
        reason: `userid ${person.userid} already appears on row ${earlier}`,
      });
      continue;
    }
    seen.set(person.userid, rowNumber);
    valid.push({ rowNumber, person });
  }

  await input.db.transaction(async (manager) => {
    const repo = manager.getRepository(Person);
    const managerIds = [
      ...new Set(valid.map((v) => v.person.manager_userid).filter((m): m is string => !!m)),
    ];
    const knownManagers = new Set(
      (await repo.findBy({ userid: In(managerIds) })).map((p) => p.userid).concat([...seen.keys()]),
    );
    const existing = new Map(
      (await repo.findBy({ userid: In([...seen.keys()]) })).map((p) => [p.userid, p]),
    );
    let done = report.rejected.length;
    for (const { rowNumber, person } of valid) {
      done += 1;
      input.onProgress?.(done, report.total);
      if (person.manager_userid === person.userid) {
        report.rejected.push({ row: rowNumber, reason: "a person cannot be their own manager" });
        continue;
      }
      if (person.manager_userid && !knownManagers.has(person.manager_userid)) {
        report.rejected.push({
          row: rowNumber,
          reason: `manager_userid ${person.manager_userid} is neither in this file nor already imported`,
        });
        continue;
      }
      const now = input.clock.now();
      const fields = { name: person.name, role: person.role, managerUserid: person.manager_userid };
      const current = existing.get(person.userid);
      if (!current) {
        await repo.insert({ userid: person.userid, ...fields, createdAt: now, updatedAt: now });
        report.created += 1;
      } else if (
        current.name !== fields.name ||
        current.role !== fields.role ||
        current.managerUserid !== fields.managerUserid
      ) {
        await repo.update({ id: current.id }, { ...fields, updatedAt: now });
        report.updated += 1;
      } else {
        report.unchanged += 1;
      }
    }
  });
  report.rejected.sort((a, b) => a.row - b.row);
  input.onProgress?.(report.total, report.total);

  return report;
}

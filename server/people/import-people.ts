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

type Candidate = { rowNumber: number; person: PeopleRow };

/** Rows that parse, are not repeats (WeCom userids ignore case) and do not manage themselves. */
function screen(input: ImportPeopleInput, report: ImportReport): Candidate[] {
  const candidates: Candidate[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, record } of input.rows) {
    const parsed = peopleRow.safeParse(record);
    if (!parsed.success) {
      report.rejected.push({ row: rowNumber, reason: reasonOf(parsed.error.issues) });
      continue;
    }
    const person = parsed.data as PeopleRow;
    const earlier = seen.get(person.userid.toLowerCase());
    if (earlier !== undefined) {
      report.rejected.push({
        row: rowNumber,
        reason: `userid ${person.userid} already appears on row ${earlier}`,
      });
      continue;
    }
    seen.set(person.userid.toLowerCase(), rowNumber);
    if (person.manager_userid === person.userid) {
      report.rejected.push({ row: rowNumber, reason: "a person cannot be their own manager" });
      continue;
    }
    candidates.push({ rowNumber, person });
  }

  return candidates;
}

/**
 * Drops rows whose manager is neither already imported nor a row that itself survives, repeating
 * until nothing changes, so no one is left pointing at a manager whose own row was refused.
 */
function withKnownManagers(
  candidates: Candidate[],
  imported: Set<string>,
  report: ImportReport,
): Candidate[] {
  let kept = candidates;
  for (;;) {
    const inFile = new Set(kept.map((c) => c.person.userid));
    const orphaned = kept.filter(
      (c) =>
        c.person.manager_userid &&
        !inFile.has(c.person.manager_userid) &&
        !imported.has(c.person.manager_userid),
    );
    if (orphaned.length === 0) {
      return kept;
    }
    for (const { rowNumber, person } of orphaned) {
      report.rejected.push({
        row: rowNumber,
        reason: `manager_userid ${person.manager_userid} is neither imported nor a valid row of this file`,
      });
    }
    kept = kept.filter((c) => !orphaned.includes(c));
  }
}

/**
 * Drops the rows that would close a loop of managers (a manages b, b manages a), counting the
 * managers already in the database for people the file does not list: a loop has no one at the
 * top, so a manager's team and the escalation of a red dot would never end.
 */
function withoutManagerLoops(
  accepted: Candidate[],
  stored: Map<string, string | null>,
  report: ImportReport,
): Candidate[] {
  const managerOf = new Map(stored);
  for (const { person } of accepted) {
    managerOf.set(person.userid, person.manager_userid);
  }
  const inLoop = (userid: string): boolean => {
    const seen = new Set<string>();
    let current: string | null | undefined = managerOf.get(userid);
    while (current) {
      if (current === userid) return true;
      if (seen.has(current)) return false;
      seen.add(current);
      current = managerOf.get(current);
    }
    return false;
  };
  const looped = accepted.filter((c) => inLoop(c.person.userid));
  for (const { rowNumber, person } of looped) {
    report.rejected.push({
      row: rowNumber,
      reason: `manager_userid ${person.manager_userid} closes a loop of managers back to ${person.userid}`,
    });
  }

  return accepted.filter((c) => !looped.includes(c));
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
  const candidates = screen(input, report);

  await input.db.transaction(async (manager) => {
    const repo = manager.getRepository(Person);
    const managerIds = [
      ...new Set(candidates.map((c) => c.person.manager_userid).filter((m): m is string => !!m)),
    ];
    const imported = new Set((await repo.findBy({ userid: In(managerIds) })).map((p) => p.userid));
    const stored = new Map(
      (await repo.find({ select: { userid: true, managerUserid: true } })).map((p) => [
        p.userid,
        p.managerUserid,
      ]),
    );
    const accepted = withoutManagerLoops(
      withKnownManagers(candidates, imported, report),
      stored,
      report,
    );
    const existing = new Map(
      (await repo.findBy({ userid: In(accepted.map((c) => c.person.userid)) })).map((p) => [
        p.userid,
        p,
      ]),
    );
    let done = report.rejected.length;
    for (const { person } of accepted) {
      done += 1;
      input.onProgress?.(done, report.total);
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

import type { Database } from "../../server/db/database";
import { Person, type PersonRole } from "../../server/db/entities/person.entity";

/** Factory: puts team members straight into the database for tests that are not about import. */
export async function addPeople(
  db: Database,
  people: { userid: string; name: string; role?: PersonRole; managerUserid?: string }[],
): Promise<void> {
  const now = new Date();
  await db.dataSource.getRepository(Person).insert(
    people.map((p) => ({
      userid: p.userid,
      name: p.name,
      role: p.role ?? "rep",
      managerUserid: p.managerUserid ?? null,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

import type { Database } from "../db/database";
import { Person } from "../db/entities/person.entity";

/** The team member behind a WeCom userid, or null when the admin has not imported them. */
export async function findPerson(db: Database, userid: string): Promise<Person | null> {
  return db.dataSource.getRepository(Person).findOneBy({ userid });
}

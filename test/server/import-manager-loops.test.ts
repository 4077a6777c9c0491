import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { type Database, openDatabase } from "../../server/db/database";
import { Person } from "../../server/db/entities/person.entity";
import { importFile } from "../../server/import/import-file";
import { describeEachDatabase, type TestDatabase } from "../support/databases";

describeEachDatabase("importing a team whose managers loop", (kind) => {
  let database: TestDatabase;
  let db: Database;
  const clock = new SettableClock(new Date("2026-03-11T01:00:00Z"));
  const dir = mkdtempSync(join(tmpdir(), "beat-loops-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    database = await kind.create();
    db = await openDatabase(database.target);
  });

  afterAll(async () => {
    await db?.close();
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses the rows of a loop within the file, by row, and keeps the rest", async () => {
    const report = await importFile(
      file(
        "loop.csv",
        [
          "userid,name,role,manager_userid",
          "boss,陈静,manager,",
          "loopa,甲,manager,loopb",
          "loopb,乙,manager,loopa",
          "rep1,张伟,rep,boss",
          "",
        ].join("\n"),
      ),
      { db, clock },
    );

    expect(report.rejected.map((r) => r.row)).toEqual([3, 4]);
    expect(report.rejected[0]?.reason).toContain("loop of managers");
    expect(report.created).toBe(2);
  });

  it("refuses a row that closes a loop through someone already imported", async () => {
    const report = await importFile(
      file("closing.csv", "userid,name,role,manager_userid\nboss,陈静,manager,rep1\n"),
      { db, clock },
    );
    const boss = await db.dataSource.getRepository(Person).findOneByOrFail({ userid: "boss" });

    expect(report.rejected.map((r) => r.row)).toEqual([2]);
    expect(boss.managerUserid).toBeNull();
  });
});

import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { completenessOf } from "../../server/customers/completeness";
import { type Database, openDatabase } from "../../server/db/database";
import { createRulesExtractor } from "../../server/extractor/rules/rules-extractor";
import { FileStore } from "../../server/files/file-store";
import { logFollowUp } from "../../server/interactions/log-follow-up";
import { effectiveRecordsPerDay } from "../../server/reports/effective-records";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";

describeEachDatabase("record quality", (kind) => {
  let database: TestDatabase;
  let db: Database;
  let ids: Map<string, number>;
  const clock = new SettableClock(new Date("2026-12-01T12:00:00+08:00"));
  const extractor = createRulesExtractor();
  const deps = () => ({
    db,
    clock,
    extractor,
    files: new FileStore(join(tmpdir(), "beat-unused-files")),
  });
  let sequence = 0;
  const log = (repUserid: string, text: string, at: string) =>
    logFollowUp(deps(), {
      repUserid,
      text,
      source: "chat",
      occurredAt: new Date(at),
      sourceKey: `test:${++sequence}`,
    });

  beforeAll(async () => {
    database = await kind.create();
    db = await openDatabase(database.target);
    await addPeople(db, [
      { userid: "rep-a", name: "甲" },
      { userid: "rep-b", name: "乙" },
    ]);
    ids = await addCustomers(db, [
      {
        name: "完整客户",
        owner: "rep-a",
        industry: "食品",
        address: "上海",
        contacts: [
          { name: "采购张", role: "procurement" },
          { name: "李工", role: "technical" },
        ],
      },
      { name: "空白客户", owner: "rep-b" },
    ]);

    // Shanghai days: 12-01 for the first three, 12-02 after midnight local time.
    await log(
      "rep-a",
      "完整客户的财务张姐说预算大概50万左右，年底前要上线，要一份报价",
      "2026-12-01T10:00:00+08:00",
    );
    await log("rep-a", "完整客户跟进了一下", "2026-12-01T11:00:00+08:00");
    await log("rep-a", "客户说还在看", "2026-12-01T23:30:00+08:00");
    await log("rep-a", "完整客户的王总说要等老板批", "2026-12-02T00:30:00+08:00");
    await log("rep-b", "没说是哪个客户，客户说价格太高", "2026-12-01T09:00:00+08:00");
  });

  afterAll(async () => {
    await db?.close();
    await database?.dispose();
  });

  it("scores what a record knows, one point of ten each, and lists what it lacks", async () => {
    const scores = await completenessOf(db.dataSource.manager);
    const full = scores.get(ids.get("完整客户") as number);
    const empty = scores.get(ids.get("空白客户") as number);

    // industry, address, procurement, technical, finance (张姐), executive (王总), demand, budget, timeline
    expect(full).toMatchObject({ score: 0.9, missing: ["contact:user"] });
    expect(empty).toMatchObject({ score: 0 });
    expect(empty?.missing).toHaveLength(10);
  });

  it("counts effective records per rep per Shanghai day: on a customer and with a signal", async () => {
    const days = await effectiveRecordsPerDay(db, {
      from: new Date("2026-11-30T16:00:00Z"),
      to: new Date("2026-12-02T16:00:00Z"),
    });

    expect(days).toEqual([
      // 10:00 has signals; 11:00 says nothing; 23:30 names no customer hours later, so it waits.
      { repUserid: "rep-a", day: "2026-12-01", effective: 1, total: 3 },
      { repUserid: "rep-a", day: "2026-12-02", effective: 1, total: 1 },
      // A price objection, but no customer: waiting for the rep, so not yet effective.
      { repUserid: "rep-b", day: "2026-12-01", effective: 0, total: 1 },
    ]);
  });

  it("filters by rep", async () => {
    const days = await effectiveRecordsPerDay(db, {
      from: new Date("2026-11-30T16:00:00Z"),
      to: new Date("2026-12-02T16:00:00Z"),
      repUserid: "rep-b",
    });

    expect(days.map((d) => d.repUserid)).toEqual(["rep-b"]);
  });
});

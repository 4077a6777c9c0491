import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { type Database, openDatabase } from "../../server/db/database";
import { Contact } from "../../server/db/entities/contact.entity";
import { Customer } from "../../server/db/entities/customer.entity";
import { Person } from "../../server/db/entities/person.entity";
import { importFile } from "../../server/import/import-file";
import { describeEachDatabase, type TestDatabase } from "../support/databases";

const FIXTURES = join(__dirname, "../fixtures/import");

async function writeXlsx(
  path: string,
  rows: (string | number | boolean | null)[][],
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("客户");
  for (const row of rows) {
    sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(path);
}

describeEachDatabase("importing people and customers", (kind) => {
  let database: TestDatabase;
  let db: Database;
  const clock = new SettableClock(new Date("2026-03-11T01:00:00Z"));
  const dir = mkdtempSync(join(tmpdir(), "beat-import-"));

  beforeAll(async () => {
    database = await kind.create();
    db = await openDatabase(database.target);
  });

  afterAll(async () => {
    await db?.close();
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports a team from a CSV with Chinese headers, reporting progress", async () => {
    const progress: number[] = [];

    const report = await importFile(join(FIXTURES, "people.csv"), {
      db,
      clock,
      onProgress: (done) => progress.push(done),
    });
    const people = await db.dataSource.getRepository(Person).find({ order: { userid: "ASC" } });

    expect(report).toMatchObject({ kind: "people", total: 5, created: 5, rejected: [] });
    expect(progress.at(-1)).toBe(5);
    expect(people.find((p) => p.userid === "zhangwei")).toMatchObject({
      name: "张伟",
      role: "rep",
      managerUserid: "chenjing",
    });
    expect(people.find((p) => p.userid === "zhaomin")).toMatchObject({
      role: "finance",
      managerUserid: null,
    });
  });

  it("reports each rejected row with its row number and reason, and keeps the good rows", async () => {
    const report = await importFile(join(FIXTURES, "people-with-errors.csv"), { db, clock });

    expect(report.rejected.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(report.rejected.find((r) => r.row === 4)?.reason).toMatch(/manager_userid ghost/);
    expect(report.rejected.find((r) => r.row === 6)?.reason).toMatch(/^role must be one of/);
    expect(report.rejected.find((r) => r.row === 7)?.reason).toMatch(/already appears on row 2/);
    expect(report.unchanged).toBe(1);
  });

  it("imports customers with contacts and roles from an XLSX with Chinese headers", async () => {
    const path = join(dir, "customers.xlsx");
    await writeXlsx(path, [
      ["客户名称", "负责销售", "重点客户", "行业", "地址", "纬度", "经度", "联系人"],
      [
        "华北某钢铁集团",
        "wangqiang",
        "是",
        "冶金",
        "唐山市路北区",
        39.63,
        118.18,
        "孙厂长:高管；钱工:technical",
      ],
      [],
      ["坏坐标公司", "wangqiang", "否", "", "", 120, 30, ""],
      ["无主公司", "nobody", "", "", "", null, null, ""],
      ["坏联系人公司", "lina", "", "", "", null, null, "张三"],
    ]);

    const report = await importFile(path, { db, clock });
    const customer = await db.dataSource
      .getRepository(Customer)
      .findOne({ where: { name: "华北某钢铁集团" }, relations: { contacts: true } });

    expect(report).toMatchObject({ kind: "customers", total: 4, created: 1 });
    expect(report.rejected).toEqual([
      { row: 4, reason: 'latitude "120" is not a number between -90 and 90' },
      { row: 5, reason: "owner_userid nobody is not an imported person" },
      { row: 6, reason: expect.stringMatching(/contact "张三" must read name:role/) },
    ]);
    expect(customer).toMatchObject({
      isKey: true,
      latitude: 39.63,
      longitude: 118.18,
      ownerUserid: "wangqiang",
    });
    expect(customer?.contacts.map((c) => [c.name, c.role]).sort()).toEqual([
      ["孙厂长", "executive"],
      ["钱工", "technical"],
    ]);
  });

  it("changes nothing when the same files are imported again", async () => {
    await importFile(join(FIXTURES, "customers.csv"), { db, clock });
    const snapshot = async () => ({
      people: await db.dataSource.getRepository(Person).find({ order: { id: "ASC" } }),
      customers: await db.dataSource.getRepository(Customer).find({ order: { id: "ASC" } }),
      contacts: await db.dataSource.getRepository(Contact).find({ order: { id: "ASC" } }),
    });
    const before = await snapshot();
    clock.advance(3_600_000);

    const people = await importFile(join(FIXTURES, "people.csv"), { db, clock });
    const customers = await importFile(join(FIXTURES, "customers.csv"), { db, clock });

    expect(people).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(customers).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await snapshot()).toEqual(before);
  });

  it("updates a changed role and adds a new contact without deleting the others", async () => {
    const path = join(dir, "customers-changed.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      path,
      "name,owner_userid,key,contacts\n江南精密机械,lina,yes,李工:executive; 新人:user\n",
    );

    const report = await importFile(path, { db, clock });
    const customer = await db.dataSource
      .getRepository(Customer)
      .findOne({ where: { name: "江南精密机械" }, relations: { contacts: true } });

    expect(report).toMatchObject({ updated: 1 });
    expect(customer?.isKey).toBe(true);
    expect(customer?.contacts.map((c) => `${c.name}:${c.role}`).sort()).toEqual([
      "周会计:finance",
      "新人:user",
      "李工:executive",
    ]);
  });

  it("refuses a customers.csv row whose name has fewer than two letters or digits, by its row", async () => {
    const path = join(dir, "customers-symbols.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, "name,owner_userid\n🙂,lina\n……,lina\nA,lina\n3M中国,lina\n");

    const report = await importFile(path, { db, clock });

    expect(report.rejected).toEqual([
      { row: 2, reason: "customer name needs at least two letters or digits" },
      { row: 3, reason: "customer name needs at least two letters or digits" },
      { row: 4, reason: "customer name needs at least two letters or digits" },
    ]);
    expect(report.created).toBe(1);
  });

  it("refuses a file whose header is neither people nor customers", async () => {
    const path = join(dir, "other.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, "foo,bar\n1,2\n");

    await expect(importFile(path, { db, clock })).rejects.toThrow(/neither people/);
  });

  it("reads a GB18030 CSV, as Chinese Excel saves it, and says so", async () => {
    const path = join(dir, "gbk.csv");
    const { writeFileSync } = await import("node:fs");
    const gbk = Buffer.from([
      ...Buffer.from("userid,name,role\r\ngbk1,"),
      0xcd,
      0xf5,
      0xd0,
      0xa1,
      0xc3,
      0xf7, // 王小明 in GBK
      ...Buffer.from(",rep\r\n"),
    ]);
    writeFileSync(path, gbk);

    const report = await importFile(path, { db, clock });
    const person = await db.dataSource.getRepository(Person).findOneBy({ userid: "gbk1" });

    expect(report.encoding).toBe("gb18030");
    expect(person?.name).toBe("王小明");
  });

  it("reads aliases and contacts' phone numbers, and a second import of them changes nothing", async () => {
    const path = join(dir, "aliases.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      path,
      "客户名称,负责销售,联系人,别名\n华东某食品有限公司X,lina,王总:高管:139-1234-5678,华东食品X；老华东X\n",
    );

    await importFile(path, { db, clock });
    const again = await importFile(path, { db, clock });
    const customer = await db.dataSource
      .getRepository(Customer)
      .findOneOrFail({ where: { name: "华东某食品有限公司X" }, relations: { contacts: true } });

    expect(customer.aliases).toEqual(["华东食品X", "老华东X"]);
    expect(customer.contacts[0]).toMatchObject({
      name: "王总",
      role: "executive",
      phone: "139-1234-5678",
    });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it("keeps a stray quote inside a name instead of refusing the whole file", async () => {
    const path = join(dir, "quotes.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, 'userid,name,role\nq1,北京"新世纪"张三,rep\nq2,李四,rep\n');

    const report = await importFile(path, { db, clock });
    const person = await db.dataSource.getRepository(Person).findOneBy({ userid: "q1" });

    expect(report.rejected).toEqual([]);
    expect(person?.name).toBe('北京"新世纪"张三');
  });

  it("refuses a row that lists a contact twice, and still imports the others", async () => {
    const path = join(dir, "dup-contacts.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      path,
      "name,owner_userid,contacts\nTheta,lina,王总:采购;王总:技术\nIota,lina,李工:技术\n",
    );

    const report = await importFile(path, { db, clock });

    expect(report.rejected).toEqual([{ row: 2, reason: "contact 王总 is listed twice" }]);
    expect(report.created).toBe(1);
  });

  it("refuses everyone whose manager's own row was refused, down the chain", async () => {
    const report = await importFile(join(FIXTURES, "people-chain.csv"), { db, clock });

    expect(report.rejected.map((r) => r.row)).toEqual([3, 4, 5, 6]);
    expect(await db.dataSource.getRepository(Person).findOneBy({ userid: "wujiu" })).toBeNull();
  });

  it("names the required column a file lacks", async () => {
    const path = join(dir, "no-name.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, "userid,role\nx,rep\n");

    await expect(importFile(path, { db, clock })).rejects.toThrow(
      "this people file has no name column",
    );
  });
});

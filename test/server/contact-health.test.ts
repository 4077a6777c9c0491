import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { Contact } from "../../server/db/entities/contact.entity";
import { colourOf } from "../../server/health/contact-health";
import { monthRange, monthSoFar } from "../../server/health/health-export";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { databaseUrlOf, describeEachDatabase, type TestDatabase } from "../support/databases";
import { followUpLogger } from "../support/follow-ups";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

const HOUR = 3_600_000;
/**
 * The 20th of last month, 10:00 in Shanghai: the export CLI measures on the real clock, and a month
 * that has ended is measured whole.
 */
const LAST_MONTH = DateTime.now().setZone("Asia/Shanghai").startOf("month").minus({ months: 1 });
const NOW = LAST_MONTH.set({ day: 20, hour: 10 }).toJSDate();
const MONTH = LAST_MONTH.toFormat("yyyy-MM");

describeEachDatabase("contact health", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  const clock = new SettableClock(new Date(NOW.getTime() - 10 * 24 * HOUR));
  const log = followUpLogger(() => h, clock);

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
      { userid: "rep2", name: "李娜", managerUserid: "boss" },
    ]);
    await addCustomers(h.beat.db, [
      { name: "华东食品", owner: "rep1", contacts: [{ name: "刘经理", role: "procurement" }] },
      { name: "江南精密机械", owner: "rep2" },
    ]);
    const at = (hours: number) => new Date(clock.now().getTime() + hours * HOUR);
    const say = (rep: string, text: string, hours: number) => log(rep, text, at(hours));
    // rep1: four demands, three answered within 24 h, one after 30 h: 75%.
    for (const [i, item] of ["报价", "样品", "方案", "参数"].entries()) {
      await say("rep1", `华东食品刘经理说要${item}`, i * 48);
      await say("rep1", `华东食品：已经把${item}发给他了`, i * 48 + (i === 3 ? 30 : 5));
    }
    // rep1: two objections, one closed within 72 h: 50%.
    await say("rep1", "华东食品刘经理说价格太高", 100);
    await say("rep1", "华东食品：给刘经理做了降价说明", 110);
    await say("rep1", "华东食品刘经理说交期太长", 20);
    await h.beat.db.dataSource
      .getRepository(Contact)
      .update({ name: "刘经理" }, { lastContactAt: at(1) });
    clock.set(NOW);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  it("colours a figure green at the target, yellow short of it by less than 15% of it, red beyond", () => {
    expect(colourOf(0.85, 0.85)).toBe("green");
    expect(colourOf(0.73, 0.85)).toBe("yellow");
    expect(colourOf(0.72, 0.85)).toBe("red");
    expect(colourOf(null, 0.85)).toBe("none");
  });

  it("measures each rep over 30 days from what was recorded", async () => {
    const health = await h.beat.core.contactHealth(NOW);
    const rep1 = health.find((r) => r.userid === "rep1");

    expect(rep1?.figures).toEqual([
      {
        metric: "demand_response",
        value: 0.75,
        numerator: 3,
        denominator: 4,
        target: 0.85,
        colour: "yellow", // 0.75 misses 0.85 by 0.10, less than 15% of it (0.1275)
      },
      { metric: "coverage", value: 0.2, numerator: 1, denominator: 5, target: 0.6, colour: "red" },
      {
        metric: "objection_closure",
        value: 0.5,
        numerator: 1,
        denominator: 2,
        target: 0.75,
        colour: "red",
      },
    ]);
  });

  it("answers 健康度 with the rep's own figures, and the manager's with the team's", async () => {
    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "rep1", "健康度"), {
      timestamp: Math.floor(NOW.getTime() / 1000),
    });
    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "boss", "健康度"), {
      timestamp: Math.floor(NOW.getTime() / 1000),
    });
    const mine = await waitFor(() => h.emulator.messagesTo("rep1").at(-1), "the rep's answer");
    const team = await waitFor(() => h.emulator.messagesTo("boss").at(-1), "the manager's answer");

    expect(mine.content).toContain("🟡 需求24小时响应率 75%（目标 85%，3/4）");
    expect(team.content).toMatch(/^团队客户接触健康度（近30天）：/);
    expect(team.content).toContain("李娜：");
  });

  it("exports the month per rep with the compensation weights, as CSV, without WeCom settings", () => {
    const withoutWeCom = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("WECOM_")),
    );
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "server/health/health-export-cli.ts", "--month", MONTH],
      {
        cwd: join(__dirname, "../.."),
        encoding: "utf8",
        env: { ...withoutWeCom, DATABASE_URL: databaseUrlOf(database.target) },
      },
    );
    const [header, first] = run.stdout
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");

    expect(run.status, run.stderr).toBe(0);
    expect(header).toBe(
      "rep_userid,rep_name,demand_response_24h,demand_response_counts,decision_chain_coverage,objection_closed_72h,objection_closed_counts,weight_decision_chain_coverage,weight_objection_closure",
    );
    expect(first).toBe("rep1,张伟,0.750,3/4,0.200,0.500,1/2,0.08,0.07");
  });

  it("measures the current month up to now: an objection under 72 hours is not missed", async () => {
    await log("rep2", "江南精密机械李工说价格太高", new Date(NOW.getTime() - HOUR));
    const rep2 = async (range: { from: Date; to: Date }) =>
      (await h.beat.core.contactHealth(range))
        .find((r) => r.userid === "rep2")
        ?.figures.find((f) => f.metric === "objection_closure");

    const soFar = await rep2(monthSoFar(MONTH, NOW));
    const toMonthEnd = await rep2(monthRange(MONTH));

    expect(soFar).toMatchObject({ numerator: 0, denominator: 0, colour: "none" });
    expect(toMonthEnd?.denominator).toBe(1);
    expect(() => monthSoFar(LAST_MONTH.plus({ months: 2 }).toFormat("yyyy-MM"), NOW)).toThrow(
      /has not started/,
    );
  });
});

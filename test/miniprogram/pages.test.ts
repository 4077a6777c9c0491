// @vitest-environment jsdom
import { join } from "node:path";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { Interaction } from "../../server/db/entities/interaction.entity";
import { Opportunity } from "../../server/db/entities/opportunity.entity";
import { Quote } from "../../server/db/entities/quote.entity";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { textMessage } from "../emulator/wecom-messages";
import { beatEnv } from "../support/beat-harness";
import { type BeatProcess, spawnBeat, stopGently } from "../support/beat-process";
import { addCustomers } from "../support/customers";
import { databaseUrlOf, sqliteDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";
import { testApp } from "../support/test-app";
import { waitFor } from "../support/wait-for";
import { buildMiniprogram } from "./build-miniprogram";
import { installWxBridge, type WxBridge } from "./wx-bridge";

type Simulate = typeof import("miniprogram-simulate");
// miniprogram-simulate reads the DOM of the environment it is loaded in: load it here, under jsdom.
const simulate: Simulate = require("miniprogram-simulate");

const ADMIN_TOKEN = "pages-test-admin-token-0123456789";
const DAY = 24 * 3_600_000;
const app = testApp();
const emulator = new WeComEmulator(app);
let database: TestDatabase;
let beat: BeatProcess;
let bridge: WxBridge;
let build: ReturnType<typeof buildMiniprogram>;
let customerId: number;
let opportunityId: number;
let who = "rep1";

const dom = () =>
  (globalThis as unknown as { document: { createElement(tag: string): never } }).document;

/** A page's own methods, which the component typings of miniprogram-simulate do not know. */
interface PageMethods {
  onLoad?(query: Record<string, string>): void;
  onShow?(): void;
  load(): Promise<void>;
  [method: string]: unknown;
}

/** Opens a page as WeCom would (onLoad with its query, or onShow for a tab) and waits for it to settle. */
async function openPage(path: string, query?: Record<string, string>) {
  // One root for every page: the WXML compiler then builds the whole project once, as DevTools does.
  const page = simulate.render(simulate.load(join(build.dir, path), { rootPath: build.dir }));
  page.attach(dom().createElement("parent-wrapper"));
  const methods = page.instance as unknown as PageMethods;
  if (query) methods.onLoad?.(query);
  else methods.onShow?.();
  await waitFor(
    () => (page.instance.data.state !== "loading" ? true : undefined),
    `${path} to load`,
  );

  return page;
}

/** Logs in as another member of the team: the kept session is dropped, as on another phone. */
function actAs(userid: string) {
  who = userid;
  bridge.storage.delete("beat:session");
}

beforeAll(async () => {
  build = buildMiniprogram();
  database = await sqliteDatabase();
  await emulator.start();
  const db = await openDatabase(database.target);
  await addPeople(db, [
    { userid: "boss", name: "陈静", role: "manager" },
    { userid: "rep1", name: "张伟", managerUserid: "boss" },
    { userid: "rep2", name: "李娜", managerUserid: "boss" },
  ]);
  const ids = await addCustomers(db, [
    { name: "恒润食品", owner: "rep1", contacts: [{ name: "李工", role: "technical" }] },
  ]);
  customerId = ids.get("恒润食品") as number;
  // Entered its stage ten days ago: past the stage's limit, so the morning scan marks it red.
  const entered = new Date(Date.now() - 10 * DAY);
  const saved = await db.dataSource.getRepository(Opportunity).save({
    customerId,
    ownerUserid: "rep1",
    name: "恒润食品 灌装线",
    amountFen: null,
    stageKey: "tech_exchange",
    status: "open",
    stageEnteredAt: entered,
    stageClockAt: entered,
    stageClockEvent: "进入技术交流",
    extensionHours: 0,
    lastActionAt: entered,
    createdAt: entered,
    updatedAt: entered,
  });
  opportunityId = saved.id;
  await db.close();

  beat = await spawnBeat(
    beatEnv(app, emulator.apiBase, databaseUrlOf(database.target), {
      ADMIN_API_TOKEN: ADMIN_TOKEN,
    }),
  );
  bridge = installWxBridge({ userid: () => who, emulator });
  require(join(build.dir, "services/config")).setApiBase(beat.url);

  // The rep's chat, as WeCom delivers it: Beat reads the tags and their phrases from it.
  const answer = await emulator.pushCallback(
    `${beat.url}/wecom/callback`,
    textMessage(app, "rep1", "恒润食品李工说价格太高了，要对比三家再定"),
  );
  expect(answer.status).toBe(200);
  await waitFor(async () => {
    const check = await openDatabase(database.target);
    const count = await check.dataSource.getRepository(Interaction).count();
    await check.close();
    return count > 0 ? true : undefined;
  }, "the chat to be logged");
  const scan = await fetch(`${beat.url}/api/admin/jobs/scan`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: "{}",
  });
  expect(scan.status).toBe(200);
}, 60_000);

afterAll(async () => {
  if (beat) await stopGently(beat);
  await emulator.stop();
  await database?.dispose();
  build?.remove();
});

describe("今日红点", () => {
  it("lists the rep's red dots, and each opens what it is about", async () => {
    actAs("rep1");
    const page = await openPage("pages/today/index");
    const dots = page.querySelectorAll(".red-dot");
    dots[0]?.dispatchEvent("tap");
    await simulate.sleep(0);

    expect(page.instance.data.state).toBe("ready");
    expect(dots.length).toBeGreaterThan(0);
    expect(page.dom?.textContent).toContain("恒润食品 灌装线");
    expect(bridge.navigations.at(-1)).toBe(`/pages/opportunity/detail?id=${opportunityId}`);
  });

  it("says so when there is nothing red today", async () => {
    actAs("rep2");
    const page = await openPage("pages/today/index");

    expect(page.instance.data.state).toBe("empty");
    expect(page.dom?.textContent).toContain("今天没有红点");
  });

  it("shows 网络连不上 with a retry when the phone is offline, and loads on retry", async () => {
    actAs("rep1");
    bridge.offline = true;
    const page = await openPage("pages/today/index");
    const offline = page.instance.data.state;
    const text = page.dom?.textContent;
    bridge.offline = false;
    page.querySelector("#state")?.querySelector(".retry")?.dispatchEvent("tap");
    await waitFor(
      () => (page.instance.data.state === "ready" ? true : undefined),
      "the page to load on retry",
    );

    expect(offline).toBe("offline");
    expect(text).toContain("网络连不上");
  });
});

describe("outside WeCom", () => {
  it("says to open it in WeCom instead of failing obscurely", async () => {
    const wx = (globalThis as unknown as { wx: { qy?: unknown } }).wx;
    const qy = wx.qy;
    actAs("rep1");
    wx.qy = undefined;
    const page = await openPage("pages/today/index");
    wx.qy = qy;

    expect(page.instance.data.state).toBe("error");
    expect(page.dom?.textContent).toContain("请在企业微信里打开");
  });
});

describe("我的商机 and 商机详情", () => {
  it("lists each deal with its stage, days in stage and a red mark when overdue", async () => {
    actAs("rep1");
    const page = await openPage("pages/opportunities/index");
    const text = page.dom?.textContent ?? "";

    expect(page.querySelectorAll(".opportunity")).toHaveLength(1);
    expect(text).toContain("技术交流");
    expect(text).toMatch(/第 1[01] 天/);
    expect(text).toContain("超时");
  });

  it("shows the stage timeline and what the gate still needs", async () => {
    actAs("rep1");
    const page = await openPage("pages/opportunity/detail", { id: String(opportunityId) });
    const missing = page.querySelectorAll(".check.missing").map((c) => c.dom?.textContent ?? "");

    expect(page.dom?.textContent).toContain("阶段时间线");
    expect(page.dom?.textContent).toContain("（已超时）");
    expect(missing.join(" ")).toContain("签字工程师");
    expect(missing.join(" ")).toContain("设备参数表");
  });

  it("refuses another rep's deal with the server's words, not a blank page", async () => {
    actAs("rep2");
    const page = await openPage("pages/opportunity/detail", { id: String(opportunityId) });

    expect(page.instance.data.state).toBe("error");
    expect(page.instance.data.message).toBe("这条记录不归你管，看不了也改不了");
  });
});

describe("客户详情", () => {
  it("shows each interaction with its tags and the phrases they were read from", async () => {
    actAs("rep1");
    const page = await openPage("pages/customer/detail", { id: String(customerId) });
    const evidence = page.querySelectorAll(".evidence").map((e) => e.dom?.textContent ?? "");

    expect(page.querySelectorAll(".interaction")).toHaveLength(1);
    expect(evidence.join(" ")).toContain("价格敏感");
    expect(evidence.join(" ")).toContain("「价格太高」");
    expect(page.dom?.textContent).toContain("异议未处理");
  });
});

describe("报价提交", () => {
  it("asks for amount and validity, then submits the quote for the manager's approval", async () => {
    actAs("rep1");
    const page = await openPage("pages/quote/index", { id: String(opportunityId) });
    const methods = page.instance as unknown as { submit(): Promise<void> };
    await methods.submit();
    const refused = page.instance.data.error;
    page.querySelector(".amount")?.dispatchEvent("input", { detail: { value: "120000" } });
    page.querySelector(".discount")?.dispatchEvent("input", { detail: { value: "5" } });
    const validUntil = (value: string) =>
      page.querySelector(".valid-until")?.dispatchEvent("change", { detail: { value } });
    validUntil("2020-01-31");
    await simulate.sleep(0);
    await methods.submit();
    const past = page.instance.data.error;
    // Ninety days ahead: a quote may be valid for at most a year.
    validUntil(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await simulate.sleep(0);
    await methods.submit();
    const db = await openDatabase(database.target);
    const quotes = await db.dataSource.getRepository(Quote).findBy({ opportunityId });
    await db.close();

    expect(refused).toBe("请填写金额和有效期");
    expect(past).toBe("有效期不能早于今天");
    expect(page.instance.data.submitted).toBe(true);
    expect(page.dom?.textContent).toContain("已提交，等主管审批");
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({ status: "pending", approverUserid: "boss" });
  });
});

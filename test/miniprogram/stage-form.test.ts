// @vitest-environment jsdom
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { Contact } from "../../server/db/entities/contact.entity";
import { Opportunity } from "../../server/db/entities/opportunity.entity";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { beatEnv } from "../support/beat-harness";
import { type BeatProcess, spawnBeat, stopGently } from "../support/beat-process";
import { addCustomers } from "../support/customers";
import { databaseUrlOf, sqliteDatabase, type TestDatabase } from "../support/databases";
import { FILES } from "../support/mp-client";
import { addPeople } from "../support/people";
import { testApp } from "../support/test-app";
import { waitFor } from "../support/wait-for";
import { buildMiniprogram } from "./build-miniprogram";
import { installWxBridge, type WxBridge } from "./wx-bridge";

type Simulate = typeof import("miniprogram-simulate");
// miniprogram-simulate reads the DOM of the environment it is loaded in: load it here, under jsdom.
const simulate: Simulate = require("miniprogram-simulate");

const app = testApp();
const emulator = new WeComEmulator(app);
let database: TestDatabase;
let beat: BeatProcess;
let bridge: WxBridge;
let build: ReturnType<typeof buildMiniprogram>;
let built: string;
let opportunityId: number;
const files = mkdtempSync(join(tmpdir(), "beat-mp-files-"));

/** Every field type a stage can ask for, as the server's form answer carries them. */
const EVERY_TYPE = {
  opportunityId: 999,
  stage: {
    key: "survey",
    name: "现场勘察",
    limitHours: 48,
    fields: [
      { key: "notes", label: "勘察记录", type: "text", required: true },
      { key: "lines", label: "产线数量", type: "number", required: true },
      { key: "budget", label: "预算", type: "money", required: true },
      { key: "visit_date", label: "勘察日期", type: "date", required: true },
      {
        key: "result",
        label: "结论",
        type: "single_choice",
        options: ["可以做", "不能做"],
        required: true,
      },
      {
        key: "needs",
        label: "需要",
        type: "multiple_choice",
        options: ["安装", "培训", "维保"],
        required: false,
      },
      { key: "engineer", label: "对接工程师", type: "contact", role: "technical", required: true },
    ],
    attachments: [{ type: "site_photo", label: "现场照片", kinds: ["image"], maxMb: 10 }],
  },
  values: {},
  prefill: [{ fieldKey: "budget", value: 800000, source: "预算大概80万" }],
  contacts: [
    { id: 1, name: "李工", role: "technical" },
    { id: 2, name: "王经理", role: "procurement" },
  ],
  nextStage: { key: "quotation", name: "方案报价" },
};

/** jsdom's document: the test environment has it, the project's TypeScript library list does not. */
const dom = () =>
  (globalThis as unknown as { document: { createElement(tag: string): never } }).document;

/** Listens for a component's custom event, which j-component supports but its typings leave out. */
function listen<T>(comp: unknown, event: string, handler: (e: { detail: T }) => void) {
  (comp as { addEventListener(e: string, h: (e: { detail: T }) => void): void }).addEventListener(
    event,
    handler,
  );
}

/** The stage-form page's own methods. */
interface StageFormPage {
  onLoad(query: Record<string, string>): void;
  load(): Promise<void>;
}

function renderForm(form: unknown) {
  const id = simulate.load(join(built, "components/stage-form/index"), { rootPath: built });
  const comp = simulate.render(id, { form });
  comp.attach(dom().createElement("parent-wrapper"));

  return comp;
}

beforeAll(async () => {
  build = buildMiniprogram();
  built = build.dir;
  database = await sqliteDatabase();
  await emulator.start();
  const db = await openDatabase(database.target);
  await addPeople(db, [{ userid: "rep1", name: "张伟" }]);
  const ids = await addCustomers(db, [
    { name: "恒润食品", owner: "rep1", contacts: [{ name: "李工", role: "technical" }] },
  ]);
  const now = new Date();
  const saved = await db.dataSource.getRepository(Opportunity).save({
    customerId: ids.get("恒润食品") as number,
    ownerUserid: "rep1",
    name: "恒润食品 灌装线",
    amountFen: null,
    stageKey: "tech_exchange",
    status: "open",
    stageEnteredAt: now,
    stageClockAt: now,
    stageClockEvent: "进入技术交流",
    extensionHours: 0,
    lastActionAt: now,
    createdAt: now,
    updatedAt: now,
  });
  opportunityId = saved.id;
  await db.close();
  beat = await spawnBeat(beatEnv(app, emulator.apiBase, databaseUrlOf(database.target)));
  bridge = installWxBridge({ userid: () => "rep1", emulator });
  require(join(built, "services/config")).setApiBase(beat.url);
  writeFileSync(join(files, "site.png"), FILES.png);
}, 60_000);

afterAll(async () => {
  if (beat) await stopGently(beat);
  await emulator.stop();
  await database?.dispose();
  build?.remove();
});

describe("the stage form component", () => {
  it("renders every field type from the stage's definition", () => {
    const comp = renderForm(EVERY_TYPE);
    const tagOf = (key: string) => comp.querySelector(`.field-${key}`)?.dom?.tagName.toLowerCase();

    expect(tagOf("notes")).toBe("wx-textarea");
    expect(tagOf("lines")).toBe("wx-input");
    expect(tagOf("budget")).toBe("wx-input");
    expect(tagOf("visit_date")).toBe("wx-picker");
    expect(tagOf("result")).toBe("wx-radio-group");
    expect(tagOf("needs")).toBe("wx-checkbox-group");
    expect(tagOf("engineer")).toBe("wx-picker");
    expect(comp.querySelectorAll(".attachment-site_photo")).toHaveLength(1);
    expect(comp.dom?.textContent).toContain("从「预算大概80万」读到");
    expect(comp.instance.data.fields.find((f: { key: string }) => f.key === "budget").value).toBe(
      "800000",
    );
  });

  it("refuses to submit while a required field is empty, and says which", async () => {
    const comp = renderForm({ ...EVERY_TYPE, opportunityId: 998 });
    const submitted: unknown[] = [];
    listen(comp, "submit", (e) => submitted.push(e.detail));

    comp.querySelector(".submit")?.dispatchEvent("tap");
    await simulate.sleep(0);

    expect(submitted).toEqual([]);
    expect(comp.dom?.textContent).toContain("请填写勘察记录");
    expect(comp.dom?.textContent).toContain("还有 5 项必填没有填");
  });

  it("submits the values as the server takes them once every required field is filled", async () => {
    const comp = renderForm({ ...EVERY_TYPE, opportunityId: 997 });
    const submitted: { values: Record<string, unknown> }[] = [];
    listen<{ values: Record<string, unknown> }>(comp, "submit", (e) => submitted.push(e.detail));
    const fill = (key: string, event: string, value: unknown) =>
      comp.querySelector(`.field-${key}`)?.dispatchEvent(event, { detail: { value } });

    fill("notes", "input", "两条线，场地够");
    fill("lines", "input", "2");
    fill("visit_date", "change", "2026-12-10");
    fill("result", "change", "可以做");
    fill("needs", "change", ["安装", "培训"]);
    fill("engineer", "change", 0);
    comp.querySelector(".submit")?.dispatchEvent("tap");
    await simulate.sleep(0);

    expect(submitted).toEqual([
      {
        values: {
          notes: "两条线，场地够",
          lines: 2,
          budget: 800000,
          visit_date: "2026-12-10",
          result: "可以做",
          needs: ["安装", "培训"],
          engineer: 1,
        },
      },
    ]);
  });

  it("ticks the options already chosen, and keeps the others when one more is ticked", async () => {
    const comp = renderForm({ ...EVERY_TYPE, opportunityId: 995, values: { needs: ["安装"] } });
    const choices = () =>
      comp.instance.data.fields.find((f: { key: string }) => f.key === "needs").choices;
    const before = choices();
    comp
      .querySelector(".field-needs")
      ?.dispatchEvent("change", { detail: { value: ["安装", "维保"] } });
    await simulate.sleep(0);

    expect(before).toEqual([
      { value: "安装", checked: true },
      { value: "培训", checked: false },
      { value: "维保", checked: false },
    ]);
    expect(choices().map((c: { checked: boolean }) => c.checked)).toEqual([true, false, true]);
  });

  it("keeps what was typed as a draft, and finds it again after the page is left and reopened", async () => {
    const first = renderForm({ ...EVERY_TYPE, opportunityId: 996 });
    first
      .querySelector(".field-notes")
      ?.dispatchEvent("input", { detail: { value: "草稿：客户要两条线" } });
    first.querySelector(".field-result")?.dispatchEvent("change", { detail: { value: "不能做" } });
    await simulate.sleep(0);
    first.detach();

    const again = renderForm({ ...EVERY_TYPE, opportunityId: 996 });
    const field = (key: string) =>
      again.instance.data.fields.find((f: { key: string }) => f.key === key);

    expect(field("notes").value).toBe("草稿：客户要两条线");
    expect(field("result").value).toBe("不能做");
  });
});

describe("the stage form against Beat", () => {
  const openPage = async () => {
    const id = simulate.load(join(built, "pages/stage-form/index"), { rootPath: built });
    const page = simulate.render(id);
    page.attach(dom().createElement("parent-wrapper"));
    (page.instance as unknown as StageFormPage).onLoad({ id: String(opportunityId) });
    await waitFor(
      () => (page.instance.data.state === "ready" ? true : undefined),
      "the form to load",
    );
    return page;
  };

  it("uploads a photo through wx.uploadFile with progress, and retries one that failed", async () => {
    const page = await openPage();
    const form = page.querySelector("#form");
    bridge.failUploads = 1;
    bridge.nextFiles = [join(files, "site.png")];

    form?.querySelector(".pick-camera")?.dispatchEvent("tap");
    const failed = await waitFor(() => {
      const file = form?.instance.data.attachments.find(
        (a: { type: string }) => a.type === "site_photo",
      )?.files[0];
      return file?.status === "failed" ? file : undefined;
    }, "the failed upload");
    form?.querySelector(".retry")?.dispatchEvent("tap");
    const done = await waitFor(() => {
      const file = form?.instance.data.attachments.find(
        (a: { type: string }) => a.type === "site_photo",
      )?.files[0];
      return file?.status === "done" ? file : undefined;
    }, "the retried upload");
    const detail = (await (await fetch(`${beat.url}/healthz`)).json()) as { status: string };

    expect(failed.reason).toBe("网络连不上，检查网络后再试");
    expect(done.progress).toBe(100);
    expect(bridge.uploads).toBe(2);
    expect(detail.status).toBe("ok");
  });

  it("lists the files already uploaded for the stage when the form is opened again", async () => {
    const page = await openPage();
    const files = page
      .querySelector("#form")
      ?.instance.data.attachments.find((a: { type: string }) => a.type === "site_photo").files;

    expect(files).toMatchObject([{ name: "site.png", status: "done", progress: 100 }]);
  });

  it("keeps the form on screen and says why when the server refuses what was submitted", async () => {
    const page = await openPage();
    await (page.instance as unknown as { onSubmit(e: unknown): Promise<void> }).onSubmit({
      detail: { values: { engineer: 999_999 } },
    });

    expect(page.instance.data.state).toBe("ready");
    expect(page.querySelector("#form")).toBeTruthy();
    expect(page.dom?.textContent).toContain("有字段填得不对");
  });

  it("shows the gate's answer when the fields are saved but files are still missing", async () => {
    const page = await openPage();
    const form = page.querySelector("#form");

    form?.querySelector(".field-engineer")?.dispatchEvent("change", { detail: { value: 0 } });
    form?.querySelector(".submit")?.dispatchEvent("tap");
    await waitFor(() => (page.instance.data.gate.length ? true : undefined), "the gate's answer");
    const db = await openDatabase(database.target);
    const stored = await db.dataSource
      .getRepository(Opportunity)
      .findOneByOrFail({ id: opportunityId });
    const engineer = await db.dataSource.getRepository(Contact).findOneByOrFail({ name: "李工" });
    await db.close();

    // The site photo may already be there from the upload test; the other two files never are.
    expect(page.instance.data.gate.map((g: { label: string }) => g.label)).toEqual(
      expect.arrayContaining(["设备参数表", "工程师签字确认"]),
    );
    expect(page.dom?.textContent).toContain("字段已保存，但还不能推进到方案报价");
    expect(stored.stageKey).toBe("tech_exchange");
    expect(engineer.id).toBeGreaterThan(0);
  });

  it("keeps the draft and shows 登录已过期 when the session cannot be renewed", async () => {
    const page = await openPage();
    page
      .querySelector("#form")
      ?.querySelector(".field-engineer")
      ?.dispatchEvent("change", { detail: { value: 0 } });
    await simulate.sleep(0);
    bridge.storage.set(
      "beat:session",
      JSON.stringify({ token: "forged", expiresAt: "2099-01-01", user: {} }),
    );
    const real = (globalThis as unknown as { wx: { qy: { login: unknown } } }).wx.qy.login;
    (globalThis as unknown as { wx: { qy: { login: unknown } } }).wx.qy.login = (o: {
      fail?(e: { errMsg: string }): void;
    }) => setTimeout(() => o.fail?.({ errMsg: "qy.login:fail" }));

    await (page.instance as unknown as StageFormPage).load();
    await waitFor(
      () => (page.instance.data.state === "expired" ? true : undefined),
      "the expired state",
    );
    (globalThis as unknown as { wx: { qy: { login: unknown } } }).wx.qy.login = real;
    const draft = JSON.parse(
      String(bridge.storage.get(`beat:draft:${opportunityId}:tech_exchange`)),
    );

    expect(page.dom?.textContent).toContain("登录已过期，已填的内容都还在");
    expect(draft.engineer).toBeGreaterThan(0);
  });
});

import { DateTime } from "luxon";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Interaction } from "../../server/db/entities/interaction.entity";
import { Objection } from "../../server/db/entities/objection.entity";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { postCallSummary } from "../support/call-system";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { inboxRows } from "../support/inbox-rows";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

const SECRET = "test-call-system-secret-0123456789";
/** 10:00 two days ago in Shanghai: a call must have started within the last year, not ahead. */
const STARTED = DateTime.now()
  .setZone("Asia/Shanghai")
  .minus({ days: 2 })
  .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
const STARTED_AT = STARTED.toISO() as string;

describeEachDatabase("call summaries from the phone system", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { env: { CALL_SUMMARY_SECRET: SECRET } });
    await addPeople(h.beat.db, [{ userid: "zhaoliu", name: "赵六" }]);
    ids = await addCustomers(h.beat.db, [
      {
        name: "锡山环保设备",
        owner: "zhaoliu",
        contacts: [{ name: "冯厂长", role: "executive", phone: "+86 139-0000-1234" }],
      },
      { name: "温州阀门集团", owner: "zhaoliu" },
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const call = (callId: string, extra: Record<string, unknown> = {}) => ({
    callId,
    repUserId: "zhaoliu",
    customer: { phone: "13900001234" },
    startedAt: STARTED_AT,
    durationSec: 185,
    summary: "冯厂长说价格太高了，要和另外两家比一比，下周一前给个报价",
    ...extra,
  });

  it("refuses a wrong signature, an old timestamp and a malformed body with clear errors", async () => {
    const badSignature = await postCallSummary(h.beat.url, SECRET, call("c-1"), {
      signature: "0".repeat(64),
    });
    const wrongKey = await postCallSummary(h.beat.url, "another-secret-entirely-000", call("c-1"));
    const old = await postCallSummary(h.beat.url, SECRET, call("c-1"), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    const notJson = await postCallSummary(h.beat.url, SECRET, null, { rawBody: "{callId: 1" });
    const missing = await postCallSummary(h.beat.url, SECRET, {
      callId: "c-2",
      repUserId: "zhaoliu",
    });
    const noText = await postCallSummary(h.beat.url, SECRET, call("c-3", { summary: undefined }));

    expect(badSignature).toMatchObject({ status: 401, json: { error: "signature_invalid" } });
    expect(wrongKey).toMatchObject({ status: 401, json: { error: "signature_invalid" } });
    expect(old).toMatchObject({ status: 401, json: { error: "timestamp_out_of_window" } });
    expect(notJson).toMatchObject({ status: 400, json: { error: "body_not_json" } });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toMatch(/customer/);
    expect(missing.json.message).toMatch(/startedAt/);
    expect(noText).toMatchObject({
      status: 400,
      json: { message: "summary: needs transcript or summary" },
    });
    expect((await inboxRows(h.beat.db)).filter((r) => r.source === "call_summary")).toHaveLength(0);
  });

  it("refuses a call that claims to start in the future or over a year ago, a typed year say", async () => {
    const future = await postCallSummary(
      h.beat.url,
      SECRET,
      call("c-future", { startedAt: "2099-12-02T10:00:00+08:00" }),
    );
    const epoch = await postCallSummary(
      h.beat.url,
      SECRET,
      call("c-epoch", { startedAt: "1970-01-01T08:00:00+08:00" }),
    );

    expect(future).toMatchObject({ status: 400, json: { error: "started_at_in_future" } });
    expect(epoch).toMatchObject({ status: 400, json: { error: "started_at_too_old" } });
  });

  it("tells a body that is not UTF-8 from a wrong signature", async () => {
    const gbk = Buffer.concat([
      Buffer.from(JSON.stringify(call("c-gbk")).slice(0, -1)),
      Buffer.from(',"note":"'),
      Buffer.from([0xb1, 0xa8, 0xbc, 0xdb]), // 报价 in GBK
      Buffer.from('"}'),
    ]);

    const answer = await postCallSummary(h.beat.url, SECRET, null, { rawBody: gbk });

    expect(answer).toMatchObject({ status: 400, json: { error: "body_not_utf8" } });
  });

  it("stores a replayed callId once, on the customer its phone number belongs to, and asks the rep", async () => {
    const first = await postCallSummary(h.beat.url, SECRET, call("c-10"));
    const again = await postCallSummary(h.beat.url, SECRET, call("c-10"));
    const ask = await waitFor(() => h.emulator.messagesTo("zhaoliu")[0], "the question to the rep");
    const calls = await waitFor(async () => {
      const rows = await h.beat.db.dataSource
        .getRepository(Interaction)
        .findBy({ source: "call_summary" });
      return rows.length > 0 ? rows : undefined;
    }, "the call interaction");
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(first).toMatchObject({ status: 202, json: { status: "accepted", callId: "c-10" } });
    expect(again).toMatchObject({ status: 202, json: { status: "duplicate" } });
    expect(calls).toMatchObject([
      {
        customerId: ids.get("锡山环保设备"),
        durationSec: 185,
        phone: "13900001234",
        status: "logged",
      },
    ]);
    expect(ask.content).toContain(
      `${STARTED.month}月${STARTED.day}日 10:00 和【锡山环保设备】的通话（3分5秒）已记录`,
    );
    expect(ask.content).toContain("请补充关键结论");
    expect(h.emulator.messagesTo("zhaoliu")).toHaveLength(1);
  });

  it("attaches the rep's next reply to that call as its key conclusions", async () => {
    const reply = "冯厂长同意先试用一台，我周五前把成功案例发给他";

    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "zhaoliu", reply));
    const answer = await waitFor(() => h.emulator.messagesTo("zhaoliu")[1], "the answer");
    const [stored] = await h.beat.db.dataSource
      .getRepository(Interaction)
      .findBy({ source: "call_summary" });
    const chats = await h.beat.db.dataSource.getRepository(Interaction).findBy({ source: "chat" });
    const objections = await h.beat.db.dataSource
      .getRepository(Objection)
      .findBy({ customerId: ids.get("锡山环保设备") as number });

    expect(stored?.conclusions).toBe(reply);
    // 我周五前把成功案例发给他 is a promise of the rep's, not a case sent yet.
    expect(stored?.conclusionsExtraction?.commitment?.ours).toBe(true);
    expect(chats).toHaveLength(0);
    expect(answer.content).toMatch(/^通话结论已补充。\n已记到【锡山环保设备】/);
    expect(objections.map((o) => o.category).sort()).toEqual(["competitor", "price"]);
  });

  it("records a call it cannot place and lets the reply name the customer", async () => {
    await postCallSummary(
      h.beat.url,
      SECRET,
      call("c-20", { customer: { phone: "021-5555-0000" }, summary: "客户问交期多久，要20台" }),
    );
    const ask = await waitFor(() => h.emulator.messagesTo("zhaoliu")[2], "the question");
    await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "zhaoliu", "这是温州阀门集团的韩采购，月底前要报价"),
    );
    const answer = await waitFor(() => h.emulator.messagesTo("zhaoliu")[3], "the answer");
    const stored = await h.beat.db.dataSource
      .getRepository(Interaction)
      .findOneByOrFail({ sourceKey: "call:c-20" });

    expect(ask.content).toContain("没认出是哪个客户");
    expect(stored).toMatchObject({ customerId: ids.get("温州阀门集团"), status: "logged" });
    expect(answer.content).toContain("已记到【温州阀门集团】");
  });

  it("answers 503 when no secret is configured, rather than trusting anyone", async () => {
    const plain = await startHarness(database.target, { inboxWorker: false });
    const answer = await postCallSummary(plain.beat.url, SECRET, call("c-30"));
    await plain.stop();

    expect(answer).toMatchObject({ status: 503, json: { error: "call_summaries_off" } });
  });

  it("stores a transcript holding a NUL without it, rather than failing on every retry", async () => {
    const answer = await postCallSummary(
      h.beat.url,
      SECRET,
      call("c-40", { summary: "冯厂长说价格太高\u0000，下周一前给个报价" }),
    );
    const stored = await waitFor(
      () =>
        h.beat.db.dataSource
          .getRepository(Interaction)
          .findOneBy({ sourceKey: "call:c-40" })
          .then((row) => row ?? undefined),
      "the call's interaction",
    );

    expect(answer.status).toBe(202);
    expect(stored.text).not.toContain("\u0000");
    expect(stored.text).toContain("价格太高，下周一前");
  });
});

import { readdirSync } from "node:fs";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { Opportunity } from "../../server/db/entities/opportunity.entity";
import { UPLOAD_TEMP_DIR } from "../../server/http/mp/mp-routes";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { FILES, mpCall, mpLogin, mpUpload } from "../support/mp-client";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

const ADMIN_TOKEN = "refusals-admin-token-0123456789";
const HOUR = 3_600_000;

/**
 * What the HTTP routes answer to requests they must refuse: a body that is not JSON or is too big,
 * a deal opened on someone else's customer, a quote that cannot be approved, a job run out of its
 * window. Each is a 4xx with a code the mini-program can word, and one log line without content.
 */
describeEachDatabase("HTTP refusals", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  const lines: Record<string, unknown>[] = [];
  const clock = new SettableClock(new Date());
  const tokens: Record<string, string> = {};
  let ids: Map<string, number>;

  beforeAll(async () => {
    database = await kind.create();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    h = await startHarness(database.target, {
      clock,
      env: { ADMIN_API_TOKEN: ADMIN_TOKEN },
      log: pino({ level: "info" }, sink),
    });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
      { userid: "rep2", name: "李娜", managerUserid: "boss" },
    ]);
    ids = await addCustomers(h.beat.db, [
      { name: "恒润食品", owner: "rep1" },
      { name: "江南精密机械", owner: "rep2" },
    ]);
    for (const userid of ["boss", "rep1", "rep2"]) {
      tokens[userid] = await mpLogin(h, userid);
    }
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const raw = (path: string, body: string, token = tokens.rep1) =>
    fetch(`${h.beat.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
  const runJob = (at: Date, token = ADMIN_TOKEN) =>
    raw("/api/admin/jobs/scan", JSON.stringify({ at: at.toISOString() }), token);
  const mine = async () => {
    const created = await mpCall(h, tokens.rep1 as string, "POST", "/opportunities", {
      customerId: ids.get("恒润食品"),
    });
    return (created.json.opportunity as { id: number }).id;
  };

  it("answers a body that is not JSON with 400 and one log line naming the route, not the body", async () => {
    const mp = await raw("/api/mp/opportunities", '{"customerId": 1,');
    const admin = await raw("/api/admin/jobs/scan", "{at:", ADMIN_TOKEN);
    const logged = lines.filter((l) => l.msg === "request refused" && l.code === "body_invalid");

    expect(mp).toMatchObject({ status: 400, json: { error: "body_invalid" } });
    expect(admin).toMatchObject({ status: 400, json: { error: "body_invalid" } });
    expect(logged.map((l) => l.route)).toEqual(["/api/mp/opportunities", "/api/admin/jobs/:name"]);
    expect(JSON.stringify(logged)).not.toContain("customerId");
  });

  it("answers a JSON body over the route's limit with 413", async () => {
    const big = JSON.stringify({ customerId: 1, name: "大".repeat(70_000) });

    expect(await raw("/api/mp/opportunities", big)).toMatchObject({
      status: 413,
      json: { error: "body_too_large" },
    });
  });

  it("refuses a deal on another rep's customer or in another's name, by API and chat", async () => {
    const onTheirs = await mpCall(h, tokens.rep1 as string, "POST", "/opportunities", {
      customerId: ids.get("江南精密机械"),
    });
    const inTheirName = await mpCall(h, tokens.rep1 as string, "POST", "/opportunities", {
      customerId: ids.get("恒润食品"),
      ownerUserid: "rep2",
    });
    const forTheTeam = await mpCall(h, tokens.boss as string, "POST", "/opportunities", {
      customerId: ids.get("江南精密机械"),
      ownerUserid: "rep2",
    });
    const forATeammate = await mpCall(h, tokens.boss as string, "POST", "/opportunities", {
      customerId: ids.get("恒润食品"),
      ownerUserid: "rep2",
    });
    const theirCustomerPage = await mpCall(
      h,
      tokens.rep2 as string,
      "GET",
      `/customers/${ids.get("恒润食品")}`,
    );
    const before = h.emulator.messagesTo("rep1").length;
    await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "rep1", "新商机 江南精密机械 35万"),
    );
    const reply = await waitFor(() => h.emulator.messagesTo("rep1")[before], "the bot's answer");
    const deals = await h.beat.db.dataSource.getRepository(Opportunity).find();

    expect(onTheirs).toMatchObject({ status: 403, json: { error: "forbidden" } });
    expect(inTheirName).toMatchObject({ status: 403, json: { error: "owner_forbidden" } });
    expect(forTheTeam.status).toBe(201);
    // A deal opened for a teammate on another rep's customer opens that customer's page to them.
    expect(theirCustomerPage.status).toBe(200);
    expect(reply.content).toContain("不归你管");
    expect(forATeammate.status).toBe(201);
    expect(deals.map((d) => d.ownerUserid)).toEqual(["rep2", "rep2"]);
  });

  it("refuses an amount finer than a fen instead of storing it as zero", async () => {
    const answer = await mpCall(h, tokens.rep1 as string, "POST", "/opportunities", {
      customerId: ids.get("恒润食品"),
      amount: 0.001,
    });

    expect(answer).toMatchObject({ status: 400 });
    expect(String(answer.json.message)).toMatch(/two decimals/);
  });

  it("refuses a quote valid until a past day or years ahead; takes one valid today", async () => {
    const id = await mine();
    const today = clock.now().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    const yesterday = new Date(clock.now().getTime() - 24 * HOUR).toLocaleDateString("sv-SE", {
      timeZone: "Asia/Shanghai",
    });
    const quote = (validUntil: string) =>
      mpCall(h, tokens.rep1 as string, "POST", `/opportunities/${id}/quotes`, {
        amount: 350000,
        validUntil,
      });

    expect(await quote(yesterday)).toMatchObject({
      status: 400,
      json: { error: "quote_invalid" },
    });
    expect(await quote("9999-12-31")).toMatchObject({
      status: 400,
      json: { error: "quote_invalid" },
    });
    expect((await quote(today)).status).toBe(201);
  });

  it("leaves no upload behind in its temp folder, stored or refused", async () => {
    const id = await mine();
    await mpCall(h, tokens.rep1 as string, "POST", `/opportunities/${id}/fields`, {
      values: { need_summary: "灌装线", budget: 800000, decision_date: "2027-03-01" },
    });
    await mpCall(h, tokens.rep1 as string, "POST", `/opportunities/${id}/move`, {
      toStage: "tech_exchange",
    });
    const stored = await mpUpload(h, tokens.rep1 as string, id, "site_photo", {
      name: "site.png",
      bytes: FILES.png,
    });
    const refused = await mpUpload(h, tokens.rep1 as string, id, "site_photo", {
      name: "site.png",
      bytes: Buffer.from("not a picture at all"),
    });

    expect(stored.status).toBe(201);
    expect(refused.status).toBe(415);
    expect(readdirSync(UPLOAD_TEMP_DIR)).toEqual([]);
  });

  it("runs a job by hand only for the last 24 hours up to now", async () => {
    const now = clock.now().getTime();
    const lastHour = await runJob(new Date(now - HOUR));
    const twoDaysAgo = await runJob(new Date(now - 48 * HOUR));
    const tomorrow = await runJob(new Date(now + 24 * HOUR));

    expect(lastHour.status).toBe(200);
    expect(twoDaysAgo).toMatchObject({ status: 400, json: { error: "at_out_of_range" } });
    expect(tomorrow).toMatchObject({ status: 400, json: { error: "at_out_of_range" } });
  });

  it("tells a script without a token what to send, and a rep that /api/admin is not theirs", async () => {
    const script = await runJob(clock.now(), "not-the-token");
    const rep = await runJob(clock.now(), tokens.rep1);

    expect(script).toMatchObject({ status: 401, json: { error: "unauthorized" } });
    expect(String(script.json.message)).toContain("ADMIN_API_TOKEN");
    expect(rep).toMatchObject({ status: 403, json: { error: "forbidden" } });
    expect(String(rep.json.message)).toContain("admins");
  });

  it("answers odd queue names, non-digit ids and a numeric time with 4xx, not 500", async () => {
    const get = (path: string, token = ADMIN_TOKEN) =>
      fetch(`${h.beat.url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.status,
      );
    const prototypeNames = await Promise.all(
      ["constructor", "__proto__", "toString"].map((q) => get(`/api/admin/queues/${q}/parked`)),
    );
    const retry = await raw("/api/admin/queues/toString/1/retry", "{}", ADMIN_TOKEN);
    const odd = await Promise.all(
      ["1e3", "0x10", "%207"].map((id) => get(`/api/mp/opportunities/${id}`, tokens.rep1)),
    );
    const numericAt = await raw("/api/admin/jobs/scan", JSON.stringify({ at: 12345 }), ADMIN_TOKEN);
    const nullBody = await raw("/api/mp/opportunities", "null");

    expect(prototypeNames).toEqual([404, 404, 404]);
    expect(retry.status).toBe(404);
    expect(odd).toEqual([400, 400, 400]);
    expect(numericAt).toMatchObject({ status: 400, json: { error: "body_invalid" } });
    expect(nullBody).toMatchObject({ status: 400, json: { error: "body_invalid" } });
  });

  it("stores a name with a NUL in it without the NUL, on PostgreSQL too", async () => {
    const answer = await mpCall(h, tokens.rep1 as string, "POST", "/opportunities", {
      customerId: ids.get("恒润食品"),
      name: "灌装线\u0000二期",
    });

    expect(answer.status).toBe(201);
    expect((answer.json.opportunity as { name: string }).name).toBe("灌装线二期");
  });
});

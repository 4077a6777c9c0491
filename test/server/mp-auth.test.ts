import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { MpSession } from "../../server/db/entities/mp-session.entity";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { FILES, mpCall, mpLogin, mpUpload } from "../support/mp-client";
import { addPeople } from "../support/people";

describeEachDatabase("mini-program sessions and who sees what", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  const clock = new SettableClock(new Date("2026-12-01T09:00:00+08:00"));
  const tokens: Record<string, string> = {};
  let mine: number;
  let attachmentId: number;
  let customerId: number;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock, inboxWorker: false });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
      { userid: "rep2", name: "李娜", managerUserid: "boss" },
      { userid: "boss2", name: "周强", role: "manager" },
      { userid: "rep3", name: "王五", managerUserid: "boss2" },
    ]);
    const ids = await addCustomers(h.beat.db, [{ name: "恒润食品", owner: "rep1" }]);
    customerId = ids.get("恒润食品") as number;
    for (const userid of ["boss", "rep1", "rep2", "boss2", "rep3"]) {
      tokens[userid] = await mpLogin(h, userid);
    }
    const created = await mpCall(h, tokens.rep1 as string, "POST", "/opportunities", {
      customerId: ids.get("恒润食品"),
    });
    mine = (created.json.opportunity as { id: number }).id;
    await mpCall(h, tokens.rep1 as string, "POST", `/opportunities/${mine}/fields`, {
      values: { need_summary: "x", budget: 1, decision_date: "2027-01-01" },
    });
    await mpCall(h, tokens.rep1 as string, "POST", `/opportunities/${mine}/move`, {
      toStage: "tech_exchange",
    });
    const upload = await mpUpload(h, tokens.rep1 as string, mine, "site_photo", {
      name: "a.png",
      bytes: FILES.png,
    });
    attachmentId = Number(upload.json.id);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  /** Every /api/mp route that takes a session, each with a harmless body. */
  const routes = (): [string, string, unknown][] => [
    ["GET", "/me", undefined],
    ["GET", "/opportunities", undefined],
    ["POST", "/opportunities", { customerId: 1 }],
    ["GET", `/opportunities/${mine}`, undefined],
    ["GET", `/opportunities/${mine}/form`, undefined],
    ["POST", `/opportunities/${mine}/fields`, { values: { engineer: 1 } }],
    ["POST", `/opportunities/${mine}/move`, { toStage: "quotation" }],
    ["GET", `/opportunities/${mine}/attachments`, undefined],
    ["GET", `/attachments/${attachmentId}`, undefined],
    ["GET", "/pipeline", undefined],
    ["GET", "/today", undefined],
    ["GET", `/customers/${customerId}`, undefined],
    ["POST", `/opportunities/${mine}/quotes`, { amount: 1, validUntil: "2027-01-01" }],
  ];
  const opportunityRoutes = () => routes().filter(([, path]) => /\d/.test(path));
  const statuses = async (token: string | null, list: [string, string, unknown][]) =>
    Promise.all(
      list.map(([method, path, body]) =>
        mpCall(h, token, method, path, body).then((a) => a.status),
      ),
    );
  const uploadAs = (token: string) =>
    mpUpload(h, token, mine, "site_photo", { name: "b.png", bytes: FILES.png }).then(
      (a) => a.status,
    );

  it("refuses a missing or forged session on every route with 401", async () => {
    const missing = await statuses(null, routes());
    const forged = await statuses("bm90LWEtcmVhbC10b2tlbg", routes());
    const forgedUpload = await uploadAs("bm90LWEtcmVhbC10b2tlbg");

    expect(missing).toEqual(routes().map(() => 401));
    expect(forged).toEqual(routes().map(() => 401));
    expect(forgedUpload).toBe(401);
  });

  it("stores only the token's hash", async () => {
    const sessions = await h.beat.db.dataSource.getRepository(MpSession).find();

    expect(sessions.map((s) => s.tokenHash)).not.toContain(tokens.rep1);
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
  });

  it("refuses another rep, and another team's manager, with 403 on every opportunity route", async () => {
    const teammate = await statuses(tokens.rep2 as string, opportunityRoutes());
    const otherManager = await statuses(tokens.boss2 as string, opportunityRoutes());
    const otherRep = await statuses(tokens.rep3 as string, opportunityRoutes());
    const otherUpload = await uploadAs(tokens.rep2 as string);
    const listed = await mpCall(h, tokens.rep2 as string, "GET", "/opportunities");

    expect(teammate).toEqual(opportunityRoutes().map(() => 403));
    expect(otherManager).toEqual(opportunityRoutes().map(() => 403));
    expect(otherRep).toEqual(opportunityRoutes().map(() => 403));
    expect(otherUpload).toBe(403);
    expect(listed.json.opportunities).toEqual([]);
  });

  it("lets the owner's manager see and act on the team's opportunities", async () => {
    const detail = await mpCall(h, tokens.boss as string, "GET", `/opportunities/${mine}`);
    const listed = await mpCall(h, tokens.boss as string, "GET", "/opportunities");

    expect(detail.status).toBe(200);
    expect((listed.json.opportunities as { id: number }[]).map((o) => o.id)).toEqual([mine]);
  });

  it("refuses login codes that are made up, used twice, or from another corp", async () => {
    const code = h.emulator.loginCode("rep1");
    const first = await mpCall(h, null, "POST", "/login", { code });
    const again = await mpCall(h, null, "POST", "/login", { code });
    const madeUp = await mpCall(h, null, "POST", "/login", { code: "not-a-code" });
    const foreign = await mpCall(h, null, "POST", "/login", {
      code: h.emulator.loginCode("rep1", { corpId: "ww0000000000000000" }),
    });
    const stranger = await mpCall(h, null, "POST", "/login", {
      code: h.emulator.loginCode("nobody"),
    });

    expect(first.status).toBe(200);
    expect(again).toMatchObject({ status: 401, json: { error: "login_code_invalid" } });
    expect(madeUp.status).toBe(401);
    expect(foreign.status).toBe(401);
    expect(stranger).toMatchObject({ status: 403, json: { error: "not_on_team" } });
  });

  it("refuses an expired session on every route with 401", async () => {
    clock.advance(73 * 3_600_000);

    const expired = await statuses(tokens.rep1 as string, routes());

    expect(expired).toEqual(routes().map(() => 401));
  });
});

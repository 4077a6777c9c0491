import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_PIPELINE_FILE } from "../../server/pipeline/pipeline-store";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { mpCall, mpLogin } from "../support/mp-client";
import { addPeople } from "../support/people";

const ADMIN_TOKEN = "script-token-0123456789abcdefghij";

describeEachDatabase("replacing the pipeline", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let rep: string;
  let admin: string;
  let complete: number;
  let incomplete: number;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, {
      inboxWorker: false,
      env: { ADMIN_API_TOKEN: ADMIN_TOKEN },
    });
    await addPeople(h.beat.db, [
      { userid: "rep1", name: "张伟" },
      { userid: "root", name: "管理员", role: "admin" },
    ]);
    const ids = await addCustomers(h.beat.db, [{ name: "恒润食品", owner: "rep1" }]);
    rep = await mpLogin(h, "rep1");
    admin = await mpLogin(h, "root");
    const open = async () =>
      (
        (await mpCall(h, rep, "POST", "/opportunities", { customerId: ids.get("恒润食品") })).json
          .opportunity as { id: number }
      ).id;
    complete = await open();
    incomplete = await open();
    await mpCall(h, rep, "POST", `/opportunities/${complete}/fields`, {
      values: { need_summary: "改造", budget: 1, decision_date: "2027-01-01" },
    });
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const put = (token: string, body: string, type = "application/json") =>
    fetch(`${h.beat.url}/api/admin/pipeline`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": type },
      body,
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
  const stricter = () => {
    const definition = parse(readFileSync(DEFAULT_PIPELINE_FILE, "utf8"));
    definition.stages[0].fields.push({ key: "headcount", label: "客户规模", type: "number" });
    return definition;
  };

  it("flags the open opportunities a stricter pipeline no longer lets pass, and moves none", async () => {
    const answer = await put(admin, JSON.stringify(stricter()));
    const after = await mpCall(h, rep, "POST", `/opportunities/${complete}/move`, {
      toStage: "tech_exchange",
    });

    expect(answer.status).toBe(200);
    expect(answer.json.version).toBe(2);
    expect(answer.json.flagged).toEqual([
      expect.objectContaining({
        opportunityId: complete,
        stageKey: "need_confirmed",
        newlyMissing: ["客户规模"],
      }),
      expect.objectContaining({
        opportunityId: incomplete,
        missing: ["需求概述", "预算", "预计决策时间", "客户规模"],
        newlyMissing: ["客户规模"],
      }),
    ]);
    expect(after).toMatchObject({ status: 409, json: { missing: [{ key: "headcount" }] } });
  });

  it("refuses a bad definition with every problem listed, and keeps the one in force", async () => {
    const bad = stricter();
    bad.stages[1].attachments.push("photo_of_cat");
    bad.stages[2].limit_hours = -3;
    bad.stages.push({ key: "need_confirmed", name: "重复" });

    const answer = await put(admin, JSON.stringify(bad));
    const current = await fetch(`${h.beat.url}/api/admin/pipeline`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).then((r) => r.json() as Promise<{ version: number }>);

    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("pipeline_invalid");
    expect(answer.json.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^stages\.2\.limit_hours/)]),
    );
    expect(current.version).toBe(2);
  });

  it("takes YAML from a script with the admin token, and refuses a rep", async () => {
    const yaml = readFileSync(DEFAULT_PIPELINE_FILE, "utf8");

    const fromScript = await put(ADMIN_TOKEN, yaml, "text/plain");
    const fromRep = await put(rep, yaml, "text/plain");

    expect(fromScript).toMatchObject({ status: 200, json: { version: 3 } });
    expect(fromRep.status).toBe(403);
  });
});

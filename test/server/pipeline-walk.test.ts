import { afterAll, beforeAll, expect, it } from "vitest";
import { Contact } from "../../server/db/entities/contact.entity";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { FILES, mpCall, mpLogin, mpUpload } from "../support/mp-client";
import { addPeople } from "../support/people";

describeEachDatabase("walking an opportunity through the pipeline", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let token: string;
  let customerId: number;
  let engineerId: number;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { inboxWorker: false });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
    ]);
    const ids = await addCustomers(h.beat.db, [
      {
        name: "恒润食品",
        owner: "rep1",
        contacts: [
          { name: "李工", role: "technical" },
          { name: "王经理", role: "procurement" },
        ],
      },
    ]);
    customerId = ids.get("恒润食品") as number;
    engineerId = (
      await h.beat.db.dataSource.getRepository(Contact).findOneByOrFail({ name: "李工" })
    ).id;
    token = await mpLogin(h, "rep1");
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const move = (id: number, toStage: string, values?: Record<string, unknown>) =>
    mpCall(h, token, "POST", `/opportunities/${id}/move`, {
      toStage,
      ...(values ? { values } : {}),
    });
  const fields = (id: number, values: Record<string, unknown>) =>
    mpCall(h, token, "POST", `/opportunities/${id}/fields`, { values });

  it("refuses every gate until its fields and attachments are there, and records each step", async () => {
    const created = await mpCall(h, token, "POST", "/opportunities", {
      customerId,
      amount: 350000,
    });
    const id = (created.json.opportunity as { id: number }).id;

    const early = await move(id, "tech_exchange");
    const skipped = await move(id, "quotation");
    await fields(id, {
      need_summary: "两条灌装线改造",
      budget: 800000,
      decision_date: "2026-12-31",
    });
    const first = await move(id, "tech_exchange");

    const noFiles = await move(id, "quotation");
    const renamed = await mpUpload(h, token, id, "parameter_sheet", {
      name: "参数表.pdf",
      bytes: FILES.text,
    });
    await mpUpload(h, token, id, "site_photo", { name: "门头.png", bytes: FILES.png });
    await mpUpload(h, token, id, "parameter_sheet", { name: "参数表.pdf", bytes: FILES.pdf });
    await mpUpload(h, token, id, "signed_confirmation", { name: "签字.pdf", bytes: FILES.pdf });
    const wrongRole = await fields(id, {
      engineer: (
        await h.beat.db.dataSource.getRepository(Contact).findOneByOrFail({ name: "王经理" })
      ).id,
    });
    await fields(id, { engineer: engineerId });
    const second = await move(id, "quotation");

    await fields(id, { quote_amount: 350000, quote_valid_until: "2027-01-31" });
    await mpUpload(h, token, id, "quote", { name: "报价单.pdf", bytes: FILES.pdf });
    await move(id, "sample_test");
    const badChoice = await fields(id, { test_result: "还行" });
    await fields(id, { test_result: "通过" });
    await mpUpload(h, token, id, "test_report", { name: "测试报告.pdf", bytes: FILES.pdf });
    await move(id, "contract_approval");
    await fields(id, { contract_amount: 345000, payment_terms: "预付30%" });
    const wonTooEarly = await move(id, "won");
    await mpUpload(h, token, id, "contract", { name: "合同.pdf", bytes: FILES.pdf });
    const won = await move(id, "won");
    const detail = await mpCall(h, token, "GET", `/opportunities/${id}`);
    const history = detail.json.history as {
      kind: string;
      detail: Record<string, unknown>;
      by: string;
    }[];

    expect(created.status).toBe(201);
    expect(early).toMatchObject({
      status: 409,
      json: {
        error: "gate_incomplete",
        stage: "need_confirmed",
        missing: [
          { kind: "field", key: "need_summary", label: "需求概述" },
          { kind: "field", key: "budget", label: "预算" },
          { kind: "field", key: "decision_date", label: "预计决策时间" },
        ],
      },
    });
    expect(skipped).toMatchObject({ status: 409, json: { error: "stage_skipped" } });
    expect(first.status).toBe(200);
    expect((noFiles.json.missing as { key: string }[]).map((m) => m.key)).toEqual([
      "engineer",
      "site_photo",
      "parameter_sheet",
      "signed_confirmation",
    ]);
    expect(renamed).toMatchObject({ status: 415, json: { error: "attachment_content_refused" } });
    expect(wrongRole).toMatchObject({ status: 400, json: { error: "fields_invalid" } });
    expect(second.status).toBe(200);
    expect(badChoice.status).toBe(400);
    expect(wonTooEarly).toMatchObject({ status: 409, json: { missing: [{ key: "contract" }] } });
    expect(won.status).toBe(200);
    expect(detail.json.opportunity).toMatchObject({
      stageKey: "won",
      status: "won",
      amount: 350000,
    });
    expect(history.filter((e) => e.kind === "stage_moved").map((e) => e.detail.to)).toEqual([
      "tech_exchange",
      "quotation",
      "sample_test",
      "contract_approval",
      "won",
    ]);
    expect(history.filter((e) => e.kind === "attachment_added")).toHaveLength(6);
    expect(history.every((e) => e.by === "rep1")).toBe(true);
  });

  it("serves an attachment's bytes with the content type read from them", async () => {
    const created = await mpCall(h, token, "POST", "/opportunities", { customerId });
    const id = (created.json.opportunity as { id: number }).id;
    await fields(id, { need_summary: "x", budget: 1, decision_date: "2027-01-01" });
    await move(id, "tech_exchange");

    const uploaded = await mpUpload(h, token, id, "site_photo", {
      name: "photo.jpg",
      bytes: FILES.png,
    });
    const download = await fetch(`${h.beat.url}/api/mp/attachments/${uploaded.json.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(uploaded).toMatchObject({
      status: 201,
      json: { contentType: "image/png", fileName: "photo.jpg" },
    });
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await download.arrayBuffer()).equals(FILES.png)).toBe(true);
  });

  it("moves to lost from any stage with its reason, and keeps the time in each stage", async () => {
    const created = await mpCall(h, token, "POST", "/opportunities", { customerId });
    const id = (created.json.opportunity as { id: number }).id;

    const withoutReason = await move(id, "lost");
    const lost = await move(id, "lost", { lost_reason: "竞品" });
    const after = await fields(id, { need_summary: "晚了" });

    expect(withoutReason).toMatchObject({ status: 400, json: { error: "fields_invalid" } });
    expect(lost.json.opportunity).toMatchObject({ status: "lost", stageKey: "lost" });
    expect(
      (lost.json.cycle as { stages: { stageKey: string }[] }).stages.map((s) => s.stageKey),
    ).toEqual(["need_confirmed", "lost"]);
    expect(after).toMatchObject({ status: 409, json: { error: "opportunity_closed" } });
  });
});

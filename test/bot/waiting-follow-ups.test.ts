import { afterAll, beforeAll, expect, it } from "vitest";
import { Interaction } from "../../server/db/entities/interaction.entity";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

describeEachDatabase("follow-ups waiting for their customer", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target);
    await addPeople(h.beat.db, [{ userid: "wu", name: "吴迪" }]);
    ids = await addCustomers(h.beat.db, [
      { name: "华东某食品有限公司", owner: "wu" },
      { name: "江南精密机械", owner: "wu" },
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  async function say(text: string) {
    const before = h.emulator.messagesTo("wu").length;
    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "wu", text));
    return waitFor(() => h.emulator.messagesTo("wu")[before], "the answer to wu");
  }
  const waiting = () =>
    h.beat.db.dataSource
      .getRepository(Interaction)
      .findBy({ repUserid: "wu", status: "awaiting_customer" });

  it("says so when a second follow-up waits beside the first, and lists both under 待关联 and 今天", async () => {
    const first = await say("Visited Ningbo port parts, they want a quote by Friday");
    const second = await say("对方说下周要来参观");
    const listed = await say("待关联");
    const today = await say("今天");

    expect(first.content).toContain("没认出是哪个客户");
    expect(first.content).not.toContain("另有");
    expect(second.content).toContain("没认出是哪个客户");
    expect(second.content).toContain("另有 1 条跟进也在等客户名称");
    expect(listed.content).toMatch(/有 2 条跟进还没对上客户/);
    expect(listed.content).toMatch(/1\. .*「对方说下周要来参观」/);
    expect(listed.content).toMatch(/2\. .*「Visited Ningbo port parts/);
    expect(today.content).toContain("还有 2 条跟进没对上客户");
    expect(await waiting()).toHaveLength(2);
  });

  it("places waiting follow-ups in turn: each answer places one, then the next is asked", async () => {
    const placedSecond = await say("华东某食品");
    const placedFirst = await say("江南精密机械");
    const rows = await h.beat.db.dataSource
      .getRepository(Interaction)
      .find({ where: { repUserid: "wu" }, order: { id: "ASC" } });

    expect(placedSecond.content).toContain("已记到【华东某食品有限公司】");
    expect(placedSecond.content).toContain("还有 1 条跟进没对上客户");
    expect(placedSecond.content).toContain("「Visited Ningbo port parts");
    expect(placedFirst.content).toContain("已记到【江南精密机械】");
    expect(placedFirst.content).not.toContain("还有");
    expect(rows.map((r) => [r.status, r.customerId])).toEqual([
      ["logged", ids.get("江南精密机械")],
      ["logged", ids.get("华东某食品有限公司")],
    ]);
    expect(await waiting()).toHaveLength(0);
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { Customer } from "../../server/db/entities/customer.entity";
import { Interaction } from "../../server/db/entities/interaction.entity";
import { Opportunity } from "../../server/db/entities/opportunity.entity";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

describeEachDatabase("the pipeline in chat", (kind) => {
  let database: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target);
    await addPeople(h.beat.db, [{ userid: "rep1", name: "张伟" }]);
    await addCustomers(h.beat.db, [{ name: "恒润食品有限公司", owner: "rep1" }]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  async function say(text: string) {
    const before = h.emulator.messagesTo("rep1").length;
    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "rep1", text));
    return waitFor(() => h.emulator.messagesTo("rep1")[before], "the bot's answer");
  }

  it("opens an opportunity with 新商机 <客户> <金额>", async () => {
    const reply = await say("新商机 恒润食品 35万");
    const [opportunity] = await h.beat.db.dataSource.getRepository(Opportunity).find();

    expect(opportunity).toMatchObject({
      ownerUserid: "rep1",
      amountFen: 35_000_000,
      stageKey: "need_confirmed",
    });
    expect(reply.content).toBe(
      "已建商机【恒润食品有限公司】，35万元，阶段：需求确认。\n各阶段要的字段和附件在小程序「商机详情」里填。",
    );
  });

  it("answers a move said in chat with exactly what the gate misses, pre-filled from earlier messages", async () => {
    const repo = h.beat.db.dataSource.getRepository(Opportunity);
    const [opportunity] = await repo.find();
    await repo.update({ id: opportunity?.id }, { stageKey: "sample_test" });
    await say("恒润食品的李工说报价35万他们能接受");
    const before = h.emulator.messagesTo("rep1").length;

    await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "rep1", "恒润食品样机测试通过了，进合同审批"),
    );
    const [logged, gate] = await waitFor(() => {
      const received = h.emulator.messagesTo("rep1").slice(before);
      return received.length >= 2 ? received : undefined;
    }, "the log and the gate's answer");
    const after = await repo.findOneByOrFail({ id: opportunity?.id });

    expect(logged?.content).toContain("已记到【恒润食品有限公司】");
    expect(gate?.content).toBe(
      [
        "要进合同审批，【恒润食品有限公司】的样机测试还缺 2 项：",
        "· 测试结果：通过（从「恒润食品样机测试通过了」读到，待你确认）",
        "· 测试报告（附件）：在小程序上传",
        "小程序「商机详情」里已按这些预填，确认提交后就能推进。",
      ].join("\n"),
    );
    expect(after.stageKey).toBe("sample_test");
  });

  it("takes 确认 after the gate's answer as an acknowledgement: nothing logged, clock kept", async () => {
    const interactions = () => h.beat.db.dataSource.getRepository(Interaction).count();
    const customer = () =>
      h.beat.db.dataSource.getRepository(Customer).findOneByOrFail({ name: "恒润食品有限公司" });
    const countBefore = await interactions();
    const lastContactBefore = (await customer()).lastContactAt;

    const reply = await say("确认");

    expect(reply.content).toBe("好的，这条不用记。");
    expect(await interactions()).toBe(countBefore);
    expect((await customer()).lastContactAt).toEqual(lastContactBefore);
  });

  it("answers 新商机 again within a day with the open deal; a second only with 再开一个", async () => {
    const repo = h.beat.db.dataSource.getRepository(Opportunity);
    const before = await repo.count();

    const again = await say("新商机 恒润食品 35万");
    const afterAgain = await repo.count();
    const meant = await say("新商机 恒润食品 35万 再开一个");

    expect(again.content).toBe(
      [
        "【恒润食品有限公司】已有进行中的商机，35万元，阶段：样机测试，没有再建。",
        "确实要再开一个，请发「新商机 恒润食品 35万 再开一个」",
      ].join("\n"),
    );
    expect(afterAgain).toBe(before);
    expect(meant.content).toMatch(/^已建商机【恒润食品有限公司】，35万元，阶段：需求确认。/);
    expect(await repo.count()).toBe(before + 1);
  });
});

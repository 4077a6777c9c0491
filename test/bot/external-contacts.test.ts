import { afterAll, beforeAll, expect, it } from "vitest";
import { Contact } from "../../server/db/entities/contact.entity";
import { ExternalContact } from "../../server/db/entities/external-contact.entity";
import { eventMessage, textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

describeEachDatabase("WeChat contacts a rep adds (change_external_contact)", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target);
    await addPeople(h.beat.db, [{ userid: "sunqi", name: "孙七" }]);
    ids = await addCustomers(h.beat.db, [
      {
        name: "常州新能源电池有限公司",
        owner: "sunqi",
        contacts: [{ name: "褚采购", role: "procurement" }],
      },
      { name: "宁波港机配件", owner: "sunqi" },
    ]);
    h.emulator.addExternalContact({
      externalUserid: "wmAAA",
      name: "Chu",
      corpName: "常州新能源电池",
      followUsers: [{ userid: "sunqi", remark: "褚采购" }],
    });
    h.emulator.addExternalContact({
      externalUserid: "wmBBB",
      name: "阿强",
      followUsers: [{ userid: "sunqi", remark: "阿强-展会" }],
    });
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const added = (externalUserid: string, changeType = "add_external_contact") =>
    h.emulator.pushCallback(
      h.callbackUrl,
      eventMessage(h.app, "sys", "change_external_contact", {
        ChangeType: changeType,
        UserID: "sunqi",
        ExternalUserID: externalUserid,
        WelcomeCode: "WELCOME",
      }),
    );
  const rowOf = (externalUserid: string) =>
    h.beat.db.dataSource.getRepository(ExternalContact).findOneBy({ externalUserid });

  it("links a contact whose company and remark name a customer and one of its contacts", async () => {
    await added("wmAAA");
    const message = await waitFor(() => h.emulator.messagesTo("sunqi")[0], "the rep's notice");
    const row = await rowOf("wmAAA");
    const contact = await h.beat.db.dataSource.getRepository(Contact).findOneBy({ name: "褚采购" });

    expect(row).toMatchObject({
      status: "linked",
      customerId: ids.get("常州新能源电池有限公司"),
      contactId: contact?.id,
    });
    expect(contact?.externalUserid).toBe("wmAAA");
    expect(message.content).toContain("已关联到客户【常州新能源电池有限公司】，联系人 褚采购");
  });

  it("lists a contact nothing ties to a customer, and the rep links it with 关联", async () => {
    await added("wmBBB");
    const notice = await waitFor(() => h.emulator.messagesTo("sunqi")[1], "the rep's notice");
    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "sunqi", "待关联"));
    const list = await waitFor(() => h.emulator.messagesTo("sunqi")[2], "the list");
    await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "sunqi", "关联 阿强-展会 宁波港机"),
    );
    const linked = await waitFor(() => h.emulator.messagesTo("sunqi")[3], "the link answer");

    expect(notice.content).toContain("「阿强-展会」还没对上客户");
    expect(list.content).toContain("阿强-展会");
    expect(linked.content).toContain("已关联到客户【宁波港机配件】");
    expect(await rowOf("wmBBB")).toMatchObject({
      status: "linked",
      customerId: ids.get("宁波港机配件"),
    });
  });

  it("keeps an unknown contact unlinked when WeCom will not describe it, and marks a deleted one removed", async () => {
    await added("wmUNKNOWN");
    await waitFor(() => h.emulator.messagesTo("sunqi")[4], "the rep's notice");
    await added("wmAAA", "del_follow_user");
    await waitFor(
      async () => ((await rowOf("wmAAA"))?.status === "removed" ? true : undefined),
      "removal",
    );

    expect(await rowOf("wmUNKNOWN")).toMatchObject({ status: "unlinked", name: null });
    expect(h.emulator.messagesTo("sunqi")).toHaveLength(5);
  });
});

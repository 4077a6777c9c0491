import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { eventMessage, newMsgId, textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { describeEachDatabase, sqliteDatabase, type TestDatabase } from "../support/databases";
import { inboxRows, settledInbox } from "../support/inbox-rows";
import { addPeople } from "../support/people";
import { vectors } from "../support/vectors";

describeEachDatabase("the WeCom callback", (kind) => {
  let database: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target);
    await addPeople(h.beat.db, [{ userid: "zhangsan", name: "张三" }]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  it("answers WeCom's URL verification with the bare decrypted echo", async () => {
    const answer = await h.emulator.verifyUrl(h.callbackUrl, "1616140317555161061");

    expect(answer).toEqual({ status: 200, body: "1616140317555161061" });
  });

  it("stores a rep's message, answers an empty 200, and answers it once through the API", async () => {
    const msgId = newMsgId();

    const answer = await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "zhangsan", "拜访了王总", { msgId }),
    );
    await h.emulator.waitForMessages(1);
    const rows = await settledInbox(h.beat.db);

    expect(answer).toEqual({ status: 200, body: "" });
    expect(rows.filter((r) => r.deliveryKey === `msg:${msgId}`)).toMatchObject([
      { status: "done", attempts: 1 },
    ]);
    // No customer is on file, so the bot keeps the follow-up and asks which customer it is about.
    expect(h.emulator.messagesTo("zhangsan").map((m) => m.content)).toEqual([
      expect.stringContaining("没认出是哪个客户"),
    ]);
  });

  it("keeps one row and processes once when the same MsgId arrives 100 times concurrently", async () => {
    const before = h.emulator.sent.length;
    const plaintext = textMessage(h.app, "zhangsan", "同一条消息", { msgId: newMsgId() });

    const answers = await Promise.all(
      Array.from({ length: 100 }, () => h.emulator.pushCallback(h.callbackUrl, plaintext)),
    );
    await settledInbox(h.beat.db);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rows = (await inboxRows(h.beat.db)).filter((r) =>
      plaintext.includes(`<MsgId>${r.deliveryKey.slice(4)}<`),
    );

    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.attempts).toBe(1);
    expect(h.emulator.sent.length - before).toBe(1);
  });

  it("keeps two different system events sent in the same second as two deliveries", async () => {
    const second = Math.floor(Date.now() / 1000);
    const one = eventMessage(
      h.app,
      "sys",
      "change_external_contact",
      { ChangeType: "add_external_contact", UserID: "zhangsan", ExternalUserID: "wm1" },
      second,
    );
    const two = eventMessage(
      h.app,
      "sys",
      "change_external_contact",
      { ChangeType: "add_external_contact", UserID: "zhangsan", ExternalUserID: "wm2" },
      second,
    );
    const before = (await inboxRows(h.beat.db)).length;

    await h.emulator.pushCallback(h.callbackUrl, one);
    await h.emulator.pushCallback(h.callbackUrl, two);
    await h.emulator.pushCallback(h.callbackUrl, one);
    const rows = await settledInbox(h.beat.db);

    expect(rows.length - before).toBe(2);
    expect(rows.slice(-2).map((r) => r.kind)).toEqual([
      "event:change_external_contact",
      "event:change_external_contact",
    ]);
  });

  it("keeps an unknown message type without failing it", async () => {
    const unknown = textMessage(h.app, "zhangsan", "x").replace(
      "<![CDATA[text]]>",
      "<![CDATA[file]]>",
    );

    const answer = await h.emulator.pushCallback(h.callbackUrl, unknown);
    const rows = await settledInbox(h.beat.db);

    expect(answer.status).toBe(200);
    expect(rows.at(-1)).toMatchObject({ kind: "file", status: "done" });
  });

  describe("refuses bad input with the right status and stays up", () => {
    const post = (url: string, body: string, contentType = "text/xml") =>
      fetch(url, { method: "POST", headers: { "content-type": contentType }, body }).then(
        (r) => r.status,
      );

    it("401 for a callback signed with the wrong token", async () => {
      const status = (
        await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "zhangsan", "x"), {
          token: "wrong",
        })
      ).status;

      expect(status).toBe(401);
    });

    it("401 for a replay older than the allowed age", async () => {
      const old = Math.floor(Date.now() / 1000) - 3600;

      const status = (
        await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "zhangsan", "x"), {
          timestamp: old,
        })
      ).status;

      expect(status).toBe(401);
    });

    it("403 for a callback encrypted for another corp", async () => {
      const status = (
        await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "zhangsan", "x"), {
          receiveId: "wwanothercorp",
        })
      ).status;

      expect(status).toBe(403);
    });

    it("403 for a signed but truncated ciphertext", async () => {
      const sealed = h.emulator.sealCallback(h.callbackUrl, textMessage(h.app, "zhangsan", "x"));
      const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(sealed.body)?.[1] ?? "";
      const truncated = Buffer.from(encrypt, "base64").subarray(0, 64).toString("base64");
      const { getSignature } = await import("@wecom/crypto");
      const url = new URL(sealed.url);
      url.searchParams.set(
        "msg_signature",
        getSignature(
          h.app.token,
          url.searchParams.get("timestamp") ?? "",
          url.searchParams.get("nonce") ?? "",
          truncated,
        ),
      );

      const status = await post(url.toString(), sealed.body.replace(encrypt, truncated));

      expect(status).toBe(403);
    });

    it("400 for a truncated body", async () => {
      const sealed = h.emulator.sealCallback(h.callbackUrl, textMessage(h.app, "zhangsan", "x"));

      expect(await post(sealed.url, sealed.body.slice(0, 80))).toBe(400);
    });

    it("400 for an entity-expansion payload, outside and inside the encryption", async () => {
      const bomb =
        '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>';
      const inner = `<!DOCTYPE xml [<!ENTITY a "x">]>${textMessage(h.app, "zhangsan", "&a;")}`;

      expect(await post(h.callbackUrl, bomb)).toBe(400);
      expect((await h.emulator.pushCallback(h.callbackUrl, inner)).status).toBe(400);
    });

    it("400 for a body over 1 MB", async () => {
      const huge = `<xml><Encrypt>${"A".repeat(1024 * 1024 + 10)}</Encrypt></xml>`;

      expect(await post(`${h.callbackUrl}?msg_signature=x&timestamp=1&nonce=1`, huge)).toBe(400);
    });

    it("401 for a timestamp that is not plain Unix seconds, even when signed", async () => {
      const plaintext = textMessage(h.app, "zhangsan", "x");
      const { url, body } = h.emulator.sealCallback(h.callbackUrl, plaintext);
      const seconds = new URL(url).searchParams.get("timestamp") as string;
      const odd = `${(Number(seconds) / 1e9).toString()}e9`;
      const resealed = h.emulator.sealCallback(h.callbackUrl, plaintext, { timestamp: odd });

      expect(await post(url, body)).toBe(200);
      expect(await post(resealed.url, resealed.body)).toBe(401);
    });

    it("400 for a signed, encrypted document that says no MsgType", async () => {
      const status = (
        await h.emulator.pushCallback(h.callbackUrl, "<xml><Foo><![CDATA[bar]]></Foo></xml>")
      ).status;

      expect(status).toBe(400);
    });

    it("400 for an envelope without <Encrypt>", async () => {
      expect(await post(h.callbackUrl, "<xml><ToUserName>x</ToUserName></xml>")).toBe(400);
    });

    afterAll(async () => {
      const health = await fetch(`${h.beat.url}/healthz`);

      expect(health.status).toBe(200);
    });
  });
});

describe("the WeCom callback with the official sample app", () => {
  it("accepts the official POST and URL verification with the clock pinned, and refuses them an hour later", async () => {
    const clock = new SettableClock(new Date(Number(vectors.post.timestamp) * 1000));
    const database = await sqliteDatabase();
    const h = await startHarness(database.target, {
      clock,
      inboxWorker: false,
      app: {
        corpId: vectors.corpId,
        agentId: "218",
        secret: "s",
        token: vectors.token,
        encodingAesKey: vectors.encodingAESKey,
      },
    });
    const p = vectors.post;
    const query = new URLSearchParams({
      msg_signature: p.msg_signature,
      timestamp: p.timestamp,
      nonce: p.nonce,
    });

    const post = () =>
      fetch(`${h.callbackUrl}?${query}`, {
        method: "POST",
        headers: { "content-type": "text/xml" },
        body: p.body,
      });

    const answer = await post();
    const verify = await fetch(`${h.callbackUrl}?${vectors.verifyUrl.rawQuery}`);
    clock.advance(3600_000);
    const replay = await post();
    const rows = await inboxRows(h.beat.db);
    await h.stop();
    await database.dispose();

    expect(answer.status).toBe(200);
    expect(rows).toMatchObject([
      { deliveryKey: "msg:4561255354251345929", kind: "text", payload: p.expectedPlaintext },
    ]);
    expect(await verify.text()).toBe(vectors.verifyUrl.expectedEcho);
    expect(replay.status).toBe(401);
  });
});

describeEachDatabase("the WeCom callback with unusual but valid input", (kind) => {
  let database: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { inboxWorker: false });
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  it("accepts control characters a phone can send, and stores the text without them", async () => {
    const msgId = newMsgId();

    // NUL included: PostgreSQL refuses it in a text column, so storing it raw would be a 500.
    const answer = await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "zhangsan", "报价\u0008单\u001b发了\u0000", { msgId }),
    );
    const row = (await inboxRows(h.beat.db)).find((r) => r.deliveryKey === `msg:${msgId}`);

    expect(answer.status).toBe(200);
    expect(row?.payload).toContain("<Content><![CDATA[报价单发了]]></Content>");
  });

  it("answers 200 to a message written to another app of the corp, and keeps nothing of it", async () => {
    const msgId = newMsgId();
    const other = textMessage(h.app, "zhangsan", "x", { msgId }).replace(
      `<AgentID>${h.app.agentId}</AgentID>`,
      "<AgentID>1000999</AgentID>",
    );

    const answer = await h.emulator.pushCallback(h.callbackUrl, other);
    const rows = (await inboxRows(h.beat.db)).filter((r) => r.deliveryKey === `msg:${msgId}`);

    expect(other).toContain("<AgentID>1000999</AgentID>");
    expect(answer.status).toBe(200);
    expect(rows).toEqual([]);
  });

  it("refuses with 400 a message without a sender, or with one no WeCom userid can be", async () => {
    const withSender = (from: string) =>
      h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, from, "x")).then((a) => a.status);
    const noSender = textMessage(h.app, "zhangsan", "x").replace(
      /<FromUserName>.*?<\/FromUserName>/,
      "",
    );

    expect(await withSender("")).toBe(400);
    expect(await withSender("u".repeat(65))).toBe(400);
    expect((await h.emulator.pushCallback(h.callbackUrl, noSender)).status).toBe(400);
    expect(await withSender("u".repeat(64))).toBe(200);
  });

  it("reads the body whatever Content-Type a proxy put on it, or none", async () => {
    const statuses: number[] = [];
    for (const type of [
      "text/xml",
      "application/xml",
      "text/plain",
      "application/octet-stream",
      undefined,
    ]) {
      const sealed = h.emulator.sealCallback(h.callbackUrl, textMessage(h.app, "zhangsan", "x"));
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const body = type ? sealed.body : new TextEncoder().encode(sealed.body);
      statuses.push((await fetch(sealed.url, { method: "POST", headers, body })).status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it("refuses a MsgId that cannot be WeCom's (not a 64-bit number) with 400", async () => {
    const answer = await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "zhangsan", "x", { msgId: "9".repeat(200) }),
    );

    expect(answer.status).toBe(400);
  });
});

import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WeComApiError, WeComTransportError } from "../../bot/wecom-api-error";
import { WeComClient } from "../../bot/wecom-client";
import { SettableClock } from "../../server/clock";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { testApp } from "../support/test-app";

describe("WeComClient against the emulator", () => {
  const app = testApp();
  const emulator = new WeComEmulator(app);
  let logged = "";
  let clock: SettableClock;
  let client: WeComClient;

  beforeAll(async () => {
    await emulator.start();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    logged = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged += String(chunk);
        done();
      },
    });
    clock = new SettableClock(new Date());
    client = new WeComClient({
      apiBase: emulator.apiBase,
      corpId: app.corpId,
      secret: app.secret,
      agentId: app.agentId,
      clock,
      log: pino({ level: "debug" }, sink),
      timeoutMs: 300,
    });
    emulator.tokenRequests = 0;
  });

  it("fetches one token for concurrent sends and reuses it", async () => {
    await Promise.all([
      client.sendText("a", "一"),
      client.sendText("b", "二"),
      client.sendMarkdown("c", "**三**"),
    ]);

    expect(emulator.tokenRequests).toBe(1);
    expect(emulator.sent.slice(-3).map((m) => [m.touser, m.msgtype])).toEqual([
      ["a", "text"],
      ["b", "text"],
      ["c", "markdown"],
    ]);
  });

  it("refreshes the token before it expires rather than after", async () => {
    await client.sendText("a", "一");
    clock.advance((7200 - 299) * 1000);

    await client.sendText("a", "二");

    expect(emulator.tokenRequests).toBe(2);
  });

  it("refetches the token once when WeCom says it expired (42001), and the send goes through", async () => {
    await client.sendText("a", "一");
    emulator.expireTokens();

    await client.sendText("a", "二");

    expect(emulator.tokenRequests).toBe(2);
    expect(emulator.sent.at(-1)?.content).toBe("二");
  });

  it("retries a token error only once, then surfaces it as a typed error", async () => {
    await client.sendText("a", "一");
    emulator.failNext("message/send", { errcode: 40014 }, 2);

    const error = await client.sendText("a", "二").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WeComApiError);
    expect(error).toMatchObject({ errcode: 40014, code: "wecom_40014" });
    expect(emulator.tokenRequests).toBe(2);
  });

  it("surfaces other WeCom errors as typed errors without refreshing the token", async () => {
    await client.sendText("a", "一");
    emulator.failNext("message/send", {
      errcode: 60011,
      errmsg: "no privilege to access/modify contact",
    });

    const error = await client.sendText("a", "二").catch((e: unknown) => e);

    expect(error).toMatchObject({ errcode: 60011, isTransient: false });
    expect(emulator.tokenRequests).toBe(1);
  });

  it("reports an HTTP 5xx and a slow answer as transport errors", async () => {
    emulator.failNext("gettoken", { status: 502 });
    const http = await client.sendText("a", "x").catch((e: unknown) => e);
    emulator.failNext("message/send", { delayMs: 1000 });
    const slow = await client.sendText("a", "x").catch((e: unknown) => e);

    expect(http).toBeInstanceOf(WeComTransportError);
    expect(slow).toBeInstanceOf(WeComTransportError);
  });

  it("reports a wrong secret as WeCom's 40001 and never logs the secret or the token", async () => {
    await client.sendText("a", "x");
    emulator.expireTokens();
    await client.sendText("a", "y");
    const wrong = new WeComClient({
      apiBase: emulator.apiBase,
      corpId: app.corpId,
      secret: "wrong-secret",
      agentId: app.agentId,
      clock,
      log: pino({ level: "debug" }),
    });

    const error = await wrong.sendText("a", "x").catch((e: unknown) => e);
    const token = await client.accessToken();

    expect(error).toMatchObject({ errcode: 40001 });
    expect(logged).toContain("refreshed");
    expect(logged).not.toContain(app.secret);
    expect(logged).not.toContain(token);
  });
});

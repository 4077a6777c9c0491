import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getSignature, encrypt as wecomEncrypt } from "@wecom/crypto";
import { eventMessage } from "./wecom-messages";

/**
 * A local stand-in for WeCom, spoken to over real HTTP. It issues access tokens, records every
 * message sent to it, fails on request, and signs and encrypts callbacks to a Beat server the way
 * WeCom does. Its crypto comes straight from @wecom/crypto, not from Beat's code, so a test that
 * passes checks Beat against the protocol rather than against itself.
 */
export interface EmulatorApp {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAesKey: string;
}

export interface SentMessage {
  touser: string;
  msgtype: string;
  /** The text of a text or markdown message; a card's title and subtitle. */
  content: string;
  agentid: number;
  /** The whole request body as WeCom received it. */
  body: Record<string, unknown>;
  at: Date;
}

/** A card as the emulator keeps it: what was sent, and the response code of each recipient's copy. */
export interface SentCard {
  touser: string;
  taskId: string;
  buttons: { text: string; key: string }[];
}

export interface CardUpdate {
  userid: string;
  responseCode: string;
  replaceName: string;
}

/** A customer-side WeChat contact as externalcontact/get describes it (doc 92114). */
export interface EmulatedExternalContact {
  externalUserid: string;
  name: string;
  corpName?: string;
  followUsers: { userid: string; remark?: string; remarkCorpName?: string }[];
}

type Api =
  | "gettoken"
  | "message/send"
  | "message/update_template_card"
  | "externalcontact/get"
  | "miniprogram/jscode2session";

/** A code wx.qy.login would hand the mini-program: one member's, single use, five minutes. */
interface LoginCode {
  userid: string;
  corpId: string;
  expiresAt: number;
}

export type Failure =
  | { errcode: number; errmsg?: string }
  | { status: number }
  | { delayMs: number };

interface IssuedToken {
  value: string;
  expiresAt: number;
}

const TOKEN_TTL_SECONDS = 7200;

export class WeComEmulator {
  readonly sent: SentMessage[] = [];
  readonly cards: SentCard[] = [];
  readonly cardUpdates: CardUpdate[] = [];
  /** Requests WeCom's duplicate check held back: same JSON within the interval (doc 90236). */
  duplicatesHeldBack = 0;
  private readonly recentRequests = new Map<string, number>();
  private chaos: {
    failRate: number;
    stallRate: number;
    stallMs: number;
    random: () => number;
  } | null = null;
  /** Response codes handed out with clicks, each good for one update_template_card. */
  private readonly responseCodes = new Map<string, "fresh" | "used">();
  private readonly externalContacts = new Map<string, EmulatedExternalContact>();
  private readonly loginCodes = new Map<string, LoginCode>();
  tokenRequests = 0;
  /** Requests received per API path (message/send …), counted before any emulated delay or failure. */
  readonly requests = new Map<string, number>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly failures: { api: string; failure: Failure }[] = [];
  private server: Server | null = null;
  private waiters: (() => void)[] = [];
  apiBase = "";

  constructor(readonly app: EmulatorApp) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    this.apiBase = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;

    return this.apiBase;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Makes the next call(s) to `api` fail the given way. */
  failNext(api: Api, failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) {
      this.failures.push({ api, failure });
    }
  }

  /**
   * From now on message/send misbehaves at random: `failRate` of calls answer 503 or errcode -1 (not
   * taken), `stallRate` take the message and answer only after `stallMs` (taken, but the sender may
   * have given up by then). `random` makes a run repeatable.
   */
  misbehave(options: {
    failRate: number;
    stallRate: number;
    stallMs: number;
    random?: () => number;
  }): void {
    this.chaos = { ...options, random: options.random ?? Math.random };
  }

  /** Every token issued so far is now expired: the next API call gets errcode 42001. */
  expireTokens(): void {
    for (const token of this.tokens.values()) {
      token.expiresAt = 0;
    }
  }

  messagesTo(userid: string): SentMessage[] {
    return this.sent.filter((m) => m.touser.split("|").includes(userid));
  }

  /** Resolves once at least `count` messages have been sent, or rejects after `timeoutMs`. */
  async waitForMessages(count: number, timeoutMs = 10_000): Promise<SentMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`emulator saw ${this.sent.length} messages, expected ${count}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }

    return this.sent;
  }

  /**
   * Encrypts `plaintext` for `receiveId` (the corp id unless a test says otherwise), signs it with
   * `token`, and POSTs it to `callbackUrl` exactly as WeCom pushes a message.
   */
  async pushCallback(
    callbackUrl: string,
    plaintext: string,
    options: {
      timestamp?: number;
      nonce?: string;
      token?: string;
      receiveId?: string;
      signal?: AbortSignal;
    } = {},
  ): Promise<{ status: number; body: string }> {
    const { url, body } = this.sealCallback(callbackUrl, plaintext, options);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body,
      signal: options.signal,
    });

    return { status: response.status, body: await response.text() };
  }

  /** The request WeCom would send: URL with msg_signature/timestamp/nonce, and the XML envelope. */
  sealCallback(
    callbackUrl: string,
    plaintext: string,
    options: {
      timestamp?: number | string;
      nonce?: string;
      token?: string;
      receiveId?: string;
    } = {},
  ): { url: string; body: string } {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE());
    const encrypt = wecomEncrypt(
      this.app.encodingAesKey,
      plaintext,
      options.receiveId ?? this.app.corpId,
    );
    const signature = getSignature(options.token ?? this.app.token, timestamp, nonce, encrypt);
    const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce });
    const body =
      `<xml><ToUserName><![CDATA[${this.app.corpId}]]></ToUserName>` +
      `<Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${this.app.agentId}]]></AgentID></xml>`;

    return { url: `${callbackUrl}?${query}`, body };
  }

  /**
   * What wx.qy.login gives the mini-program of `userid` on a phone: a code Beat exchanges through
   * jscode2session. `corpId` lets a test play a member of another corp.
   */
  loginCode(userid: string, options: { corpId?: string; ttlMs?: number } = {}): string {
    const code = randomUUID().replace(/-/g, "");
    this.loginCodes.set(code, {
      userid,
      corpId: options.corpId ?? this.app.corpId,
      expiresAt: Date.now() + (options.ttlMs ?? 5 * 60_000),
    });

    return code;
  }

  /** Registers a WeChat contact that externalcontact/get will describe. */
  addExternalContact(contact: EmulatedExternalContact): void {
    this.externalContacts.set(contact.externalUserid, contact);
  }

  /** The last card sent to `touser`, or throws: a test that expects a card should say so plainly. */
  lastCardTo(touser: string): SentCard {
    const card = this.cards.filter((c) => c.touser === touser).at(-1);
    if (!card) {
      throw new Error(`no card was sent to ${touser}`);
    }

    return card;
  }

  /**
   * A tap on a card's button, as WeCom reports it: a template_card_event callback carrying the card's
   * task id, the button's key and a response code for updating that person's copy of the card.
   */
  async clickCard(
    callbackUrl: string,
    card: SentCard,
    buttonKey: string,
    options: { userid?: string; createTime?: number; timestamp?: number } = {},
  ): Promise<{ status: number; body: string }> {
    const userid = options.userid ?? card.touser;
    // Every click carries its own response code, good for one update of that person's card.
    const responseCode = randomUUID().replace(/-/g, "");
    this.responseCodes.set(responseCode, "fresh");
    const plaintext = eventMessage(
      { corpId: this.app.corpId, agentId: this.app.agentId },
      userid,
      "template_card_event",
      {
        EventKey: buttonKey,
        TaskId: card.taskId,
        CardType: "button_interaction",
        ResponseCode: responseCode,
      },
      options.createTime,
    );

    return this.pushCallback(callbackUrl, plaintext, { timestamp: options.timestamp });
  }

  /** The GET WeCom sends when an admin saves the callback URL; answers the server's reply body. */
  async verifyUrl(
    callbackUrl: string,
    echo = String(Date.now()),
  ): Promise<{ status: number; body: string }> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE());
    const echostr = wecomEncrypt(this.app.encodingAesKey, echo, this.app.corpId);
    const signature = getSignature(this.app.token, timestamp, nonce, echostr);
    const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce, echostr });
    const response = await fetch(`${callbackUrl}?${query}`);

    return { status: response.status, body: await response.text() };
  }

  private randomFailure(api: string): Failure | undefined {
    if (!this.chaos || api !== "message/send") {
      return undefined;
    }
    const roll = this.chaos.random();
    if (roll < this.chaos.failRate) {
      return roll < this.chaos.failRate / 2
        ? { status: 503 }
        : { errcode: -1, errmsg: "system busy" };
    }
    if (roll < this.chaos.failRate + this.chaos.stallRate) {
      return { delayMs: this.chaos.stallMs };
    }

    return undefined;
  }

  private takeFailure(api: string): Failure | undefined {
    const index = this.failures.findIndex((f) => f.api === api);

    return index < 0 ? undefined : this.failures.splice(index, 1)[0]?.failure;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const api = url.pathname.replace(/^\/cgi-bin\//, "");
    const failure = this.takeFailure(api) ?? this.randomFailure(api);
    // Read the body before any emulated delay: WeCom has the request in hand even when its answer
    // is slow, and a client that gives up meanwhile must not make the message vanish here.
    const body = await readBody(req);
    this.requests.set(api, (this.requests.get(api) ?? 0) + 1);
    if (failure && "delayMs" in failure) {
      await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    } else if (failure && "status" in failure) {
      res.statusCode = failure.status;
      res.end("upstream error");
      return;
    } else if (failure) {
      return json(res, { errcode: failure.errcode, errmsg: failure.errmsg ?? "emulated failure" });
    }
    // Not WeCom's: the stand-in for wx.qy.login on a phone, so a person trying /api/mp by hand can
    // get a code to log in with (`curl 127.0.0.1:8099/emulator/login-code?userid=zhangwei`).
    if (req.method === "GET" && url.pathname === "/emulator/login-code") {
      const userid = url.searchParams.get("userid");
      return userid
        ? json(res, { code: this.loginCode(userid) })
        : json(res, { errcode: 40003, errmsg: "userid is required" });
    }
    if (req.method === "GET" && api === "gettoken") {
      return json(res, this.issueToken(url));
    }
    if (req.method === "POST" && api === "message/send") {
      return json(res, this.authorised(url) ?? this.acceptMessage(body));
    }
    if (req.method === "POST" && api === "message/update_template_card") {
      return json(res, this.authorised(url) ?? this.updateCard(body));
    }
    if (req.method === "GET" && api === "miniprogram/jscode2session") {
      return json(res, this.authorised(url) ?? this.exchangeLoginCode(url));
    }
    if (req.method === "GET" && api === "externalcontact/get") {
      return json(res, this.authorised(url) ?? this.describeExternalContact(url));
    }
    res.statusCode = 404;
    res.end();
  }

  private issueToken(url: URL): object {
    this.tokenRequests += 1;
    if (url.searchParams.get("corpid") !== this.app.corpId) {
      return { errcode: 40013, errmsg: "invalid corpid" };
    }
    if (url.searchParams.get("corpsecret") !== this.app.secret) {
      return { errcode: 40001, errmsg: "invalid credential" };
    }
    const value = randomUUID().replace(/-/g, "");
    this.tokens.set(value, { value, expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000 });

    return { errcode: 0, errmsg: "ok", access_token: value, expires_in: TOKEN_TTL_SECONDS };
  }

  /** WeCom's answer to a call without a valid token, or null when the token is good. */
  private authorised(url: URL): object | null {
    const tokenValue = url.searchParams.get("access_token");
    if (!tokenValue) {
      return { errcode: 41001, errmsg: "access_token missing" };
    }
    const token = this.tokens.get(tokenValue);
    if (!token) {
      return { errcode: 40014, errmsg: "invalid access_token" };
    }
    if (token.expiresAt <= Date.now()) {
      return { errcode: 42001, errmsg: "access_token expired" };
    }

    return null;
  }

  private acceptMessage(raw: string): object {
    let body: { touser?: string; msgtype?: string; agentid?: number; [k: string]: unknown };
    try {
      body = JSON.parse(raw);
    } catch {
      return { errcode: 47001, errmsg: "data format error" };
    }
    if (String(body.agentid) !== this.app.agentId) {
      return { errcode: 40056, errmsg: "invalid agentid" };
    }
    const content =
      body.msgtype === "template_card"
        ? this.acceptCard(body.touser ?? "", body.template_card)
        : (body[body.msgtype ?? ""] as { content?: string } | undefined)?.content;
    if (!body.touser || !content) {
      return { errcode: 44004, errmsg: "empty content" };
    }
    if (body.enable_duplicate_check === 1) {
      // WeCom does not deliver the same request twice within the interval (default 1800 s).
      const { enable_duplicate_check: _, duplicate_check_interval: interval, ...same } = body;
      const key = JSON.stringify(same);
      const seen = this.recentRequests.get(key);
      const windowMs = Number(interval ?? 1800) * 1000;
      if (seen !== undefined && Date.now() - seen < windowMs) {
        this.duplicatesHeldBack += 1;
        return { errcode: 0, errmsg: "ok", msgid: randomUUID() };
      }
      this.recentRequests.set(key, Date.now());
    }
    this.sent.push({
      touser: body.touser,
      msgtype: body.msgtype ?? "",
      content,
      agentid: Number(body.agentid),
      body,
      at: new Date(),
    });
    for (const wake of this.waiters.splice(0)) {
      wake();
    }

    return { errcode: 0, errmsg: "ok", msgid: randomUUID() };
  }

  /** Keeps an interactive card for later clicks; its text for `sent`, or undefined when malformed. */
  private acceptCard(touser: string, raw: unknown): string | undefined {
    const card = raw as {
      task_id?: string;
      main_title?: { title?: string; desc?: string };
      sub_title_text?: string;
      button_list?: { text: string; key: string }[];
    };
    const title = card?.main_title?.title;
    if (!title) {
      return undefined;
    }
    if (card.task_id) {
      for (const user of touser.split("|")) {
        this.cards.push({
          touser: user,
          taskId: card.task_id,
          buttons: (card.button_list ?? []).map(({ text, key }) => ({ text, key })),
        });
      }
    }

    return [title, card.main_title?.desc, card.sub_title_text].filter(Boolean).join(" | ");
  }

  private updateCard(raw: string): object {
    const body = JSON.parse(raw) as {
      userids?: string[];
      agentid?: number;
      response_code?: string;
      button?: { replace_name?: string };
    };
    if (String(body.agentid) !== this.app.agentId) {
      return { errcode: 40056, errmsg: "invalid agentid" };
    }
    const code = body.response_code ?? "";
    if (this.responseCodes.get(code) !== "fresh") {
      return { errcode: 60140, errmsg: "response_code invalid or already used" };
    }
    this.responseCodes.set(code, "used");
    this.cardUpdates.push({
      userid: body.userids?.[0] ?? "",
      responseCode: code,
      replaceName: body.button?.replace_name ?? "",
    });

    return { errcode: 0, errmsg: "ok" };
  }

  private exchangeLoginCode(url: URL): object {
    const code = url.searchParams.get("js_code") ?? "";
    const login = this.loginCodes.get(code);
    this.loginCodes.delete(code);
    if (
      !login ||
      login.expiresAt < Date.now() ||
      url.searchParams.get("grant_type") !== "authorization_code"
    ) {
      return { errcode: 40029, errmsg: "invalid code" };
    }

    return {
      errcode: 0,
      errmsg: "ok",
      corpid: login.corpId,
      userid: login.userid,
      session_key: randomBytes(16).toString("base64"),
    };
  }

  private describeExternalContact(url: URL): object {
    const contact = this.externalContacts.get(url.searchParams.get("external_userid") ?? "");
    if (!contact) {
      return { errcode: 40096, errmsg: "invalid external userid" };
    }

    return {
      errcode: 0,
      errmsg: "ok",
      external_contact: {
        external_userid: contact.externalUserid,
        name: contact.name,
        type: 1,
        corp_name: contact.corpName ?? "",
      },
      follow_user: contact.followUsers.map((f) => ({
        userid: f.userid,
        remark: f.remark ?? "",
        remark_corp_name: f.remarkCorpName ?? "",
        createtime: Math.floor(Date.now() / 1000),
      })),
    };
  }
}

function json(res: ServerResponse, body: object): void {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString("utf8");
}

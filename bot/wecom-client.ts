import { request } from "undici";
import type { Clock } from "../server/clock";
import type { Logger } from "../server/logger";
import { WeComApiError, WeComTransportError } from "./wecom-api-error";

/** Refresh this long before WeCom says the token expires, so no request carries a dying token. */
const TOKEN_EARLY_REFRESH_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** WeCom's default window for its duplicate check, half an hour. */
const DUPLICATE_CHECK_SECONDS = 1800;

export interface WeComClientOptions {
  apiBase: string;
  corpId: string;
  secret: string;
  agentId: string;
  clock: Clock;
  log: Logger;
  /** Per-request limit; a hung WeCom must not hold a worker forever. */
  timeoutMs?: number;
}

/** What `message/send` reports back; `invaliduser` lists recipients WeCom could not reach. */
export interface SendResult {
  msgid?: string;
  invaliduser?: string;
}

interface WeComAnswer {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

export type OutgoingMessage =
  | { msgtype: "text"; text: { content: string } }
  | { msgtype: "markdown"; markdown: { content: string } }
  | { msgtype: "template_card"; template_card: TemplateCard };

/** An interactive card (WeCom doc 90236, 模板卡片消息); only the fields Beat uses are typed. */
export interface TemplateCard {
  card_type: "button_interaction" | "text_notice";
  task_id?: string;
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: { keyname: string; value: string }[];
  button_list?: { text: string; style?: number; key: string }[];
  /** Links under the card; type 2 opens a mini-program page (appid, pagepath). */
  jump_list?: { type: 1 | 2; title: string; url?: string; appid?: string; pagepath?: string }[];
  /** What tapping the card opens: 1 a URL, 2 a mini-program page. */
  card_action?: { type: 1 | 2; url?: string; appid?: string; pagepath?: string };
}

/** What WeCom says of a customer-side contact (doc 92114, externalcontact/get); the fields Beat reads. */
export interface ExternalContactDetail {
  name: string | null;
  corpName: string | null;
  /** The rep's own remark and company remark for this contact, when that rep follows them. */
  remark: string | null;
  remarkCorpName: string | null;
}

/**
 * The WeCom server API for one self-built app: token cache and message sending. The secret and the
 * access token only ever travel in URLs to WeCom, and nothing here logs a URL. Requests go through
 * undici's `request`, the engine under Node's fetch without fetch's stream plumbing, which cost the
 * inbox worker a fifth of its time under load.
 */
export class WeComClient {
  private token: { value: string; refreshAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(private readonly options: WeComClientOptions) {}

  /** The cached token, fetched once (single-flight) when missing or about to expire. */
  async accessToken(): Promise<string> {
    const now = this.options.clock.now().getTime();
    if (this.token && now < this.token.refreshAt) {
      return this.token.value;
    }
    if (!this.inflight) {
      this.inflight = this.fetchToken().finally(() => {
        this.inflight = null;
      });
    }

    return this.inflight;
  }

  async sendText(touser: string, content: string): Promise<SendResult> {
    return this.send(touser, { msgtype: "text", text: { content } });
  }

  async sendMarkdown(touser: string, content: string): Promise<SendResult> {
    return this.send(touser, { msgtype: "markdown", markdown: { content } });
  }

  /**
   * `message/send` to one or more userids (joined with `|`), as the configured agent. With
   * `duplicateCheck`, when an answer timed out after WeCom took the message, the retry sends the same
   * request and WeCom does not deliver it twice (doc 90236, enable_duplicate_check). It is for notices
   * (digests, alerts): on a chat answer it would also swallow the same answer to the same question
   * asked twice within half an hour.
   */
  async send(
    touser: string,
    message: OutgoingMessage,
    options: { duplicateCheck?: boolean } = {},
  ): Promise<SendResult> {
    const body = {
      touser,
      agentid: Number(this.options.agentId),
      ...message,
      ...(options.duplicateCheck
        ? { enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_SECONDS }
        : {}),
    };
    const answer = await this.withToken("message/send", (token) =>
      this.call(
        "message/send",
        `/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`,
        body,
      ),
    );

    return {
      msgid: answer.msgid as string | undefined,
      invaliduser: answer.invaliduser as string | undefined,
    };
  }

  /**
   * Changes the card a person clicked (doc 94888): greys its buttons out under `replaceName`. The
   * response code comes from that person's click event, and WeCom takes each one once, within 72 h.
   */
  async updateCardButton(userid: string, responseCode: string, replaceName: string): Promise<void> {
    const body = {
      userids: [userid],
      agentid: Number(this.options.agentId),
      response_code: responseCode,
      button: { replace_name: replaceName },
    };
    await this.withToken("message/update_template_card", (token) =>
      this.call(
        "message/update_template_card",
        `/cgi-bin/message/update_template_card?access_token=${encodeURIComponent(token)}`,
        body,
      ),
    );
  }

  /** One customer-side contact as `followerUserid` knows it (doc 92114, externalcontact/get). */
  async externalContact(
    externalUserid: string,
    followerUserid: string,
  ): Promise<ExternalContactDetail> {
    const answer = await this.withToken("externalcontact/get", (token) =>
      this.call(
        "externalcontact/get",
        `/cgi-bin/externalcontact/get?access_token=${encodeURIComponent(token)}` +
          `&external_userid=${encodeURIComponent(externalUserid)}`,
      ),
    );
    const contact = (answer.external_contact ?? {}) as Record<string, unknown>;
    const follow = Array.isArray(answer.follow_user) ? answer.follow_user : [];
    const mine = follow.find(
      (f): f is Record<string, unknown> =>
        typeof f === "object" &&
        f !== null &&
        (f as { userid?: unknown }).userid === followerUserid,
    );
    const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

    return {
      name: text(contact.name),
      corpName: text(contact.corp_name),
      remark: text(mine?.remark),
      remarkCorpName: text(mine?.remark_corp_name),
    };
  }

  /**
   * Exchanges a mini-program login code (wx.qy.login) for the member it belongs to (doc 91507,
   * miniprogram/jscode2session). The code is single-use and lives five minutes; WeCom's session_key
   * is dropped here, as Beat issues its own session.
   */
  async miniProgramSession(code: string): Promise<{ corpId: string; userid: string }> {
    const answer = await this.withToken("miniprogram/jscode2session", (token) =>
      this.call(
        "miniprogram/jscode2session",
        `/cgi-bin/miniprogram/jscode2session?access_token=${encodeURIComponent(token)}` +
          `&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`,
      ),
    );

    return { corpId: String(answer.corpid ?? ""), userid: String(answer.userid ?? "") };
  }

  /** Runs a call with the token; on a token error, forgets the token and tries exactly once more. */
  private async withToken(
    api: string,
    call: (token: string) => Promise<WeComAnswer>,
  ): Promise<WeComAnswer> {
    try {
      return await call(await this.accessToken());
    } catch (error) {
      if (!(error instanceof WeComApiError) || !error.isTokenError) {
        throw error;
      }
      this.options.log.warn(
        { api, errcode: error.errcode },
        "wecom token rejected; refreshing once",
      );
      this.token = null;

      return call(await this.accessToken());
    }
  }

  private async fetchToken(): Promise<string> {
    const { corpId, secret, clock } = this.options;
    const path = `/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`;
    const answer = await this.call("gettoken", path);
    const value = answer.access_token;
    const expiresIn = Number(answer.expires_in);
    if (typeof value !== "string" || !value || !Number.isFinite(expiresIn)) {
      throw new WeComTransportError("gettoken", "answer without access_token");
    }
    this.token = {
      value,
      refreshAt: clock.now().getTime() + Math.max(0, expiresIn * 1000 - TOKEN_EARLY_REFRESH_MS),
    };
    this.options.log.info({ expiresIn }, "wecom access token refreshed");

    return value;
  }

  private async call(api: string, pathAndQuery: string, body?: unknown): Promise<WeComAnswer> {
    let statusCode: number;
    let text: string;
    try {
      const response = await request(`${this.options.apiBase}${pathAndQuery}`, {
        method: body === undefined ? "GET" : "POST",
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        // undici's own timeouts tick in whole seconds; the signal holds the limit to the millisecond.
        signal: AbortSignal.timeout(this.options.timeoutMs ?? REQUEST_TIMEOUT_MS),
        headersTimeout: this.options.timeoutMs ?? REQUEST_TIMEOUT_MS,
        bodyTimeout: this.options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new WeComTransportError(api, error instanceof Error ? error.name : "network error");
    }
    if (statusCode < 200 || statusCode >= 300) {
      throw new WeComTransportError(api, `HTTP ${statusCode}`);
    }
    let answer: WeComAnswer;
    try {
      answer = JSON.parse(text) as WeComAnswer;
    } catch {
      throw new WeComTransportError(api, "body is not JSON");
    }
    if (answer.errcode !== undefined && answer.errcode !== 0) {
      throw new WeComApiError(api, answer.errcode, answer.errmsg ?? "");
    }

    return answer;
  }
}

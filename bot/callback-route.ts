import Router from "@koa/router";
import type { Context } from "koa";
import getRawBody from "raw-body";
import type { Clock } from "../server/clock";
import { withoutControlCharacters } from "../server/control-characters";
import type { Logger } from "../server/logger";
import { type CallbackSecrets, openEnvelope } from "./callback-envelope";
import { CallbackRejection } from "./callback-rejection";
import { deliveryKeyOf, kindOf } from "./wecom-event";
import { parseWeComXml, textField, XmlError } from "./wecom-xml";

/** WeCom callbacks are a few kB; anything near this is not one. */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

export interface CallbackRouteDeps {
  secrets: CallbackSecrets;
  /** This app's AgentId: a delivery that names another app of the corp is not ours to answer. */
  agentId: string;
  maxAgeSeconds: number;
  clock: Clock;
  log: Logger;
  /** Stores the verified delivery; resolves once it is durable. */
  accept(delivery: {
    deliveryKey: string;
    source: string;
    kind: string;
    payload: string;
  }): Promise<"accepted" | "duplicate">;
  /** Told when a POST starts and ends, so that processing can give way to accepting. */
  inFlight?: { enter(): void; leave(): void };
}

function queryString(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];

  return typeof value === "string" ? value : undefined;
}

/** The outer envelope has three elements (ToUserName, Encrypt, AgentID); a few more is still sane. */
const ENVELOPE_MAX_ELEMENTS = 16;

function parseOrReject(
  raw: string,
  reason: "malformed_xml" | "malformed_message",
  maxElements?: number,
) {
  try {
    return parseWeComXml(raw, maxElements);
  } catch (error) {
    if (error instanceof XmlError) {
      throw new CallbackRejection(reason);
    }
    throw error;
  }
}

/** WeCom's userids are 1 to 64 characters (event pushes come from "sys"); anything else is not WeCom's. */
const MAX_USERID_LENGTH = 64;

function senderOk(message: ReturnType<typeof parseWeComXml>): boolean {
  const from = textField(message, "FromUserName");

  return from !== undefined && from !== "" && from.length <= MAX_USERID_LENGTH;
}

/**
 * The body as text, whatever Content-Type a proxy may have put on it (WeCom sends text/xml), up to
 * MAX_CALLBACK_BYTES; a larger body is refused as soon as its declared length or its bytes exceed it.
 */
async function readBody(ctx: Context): Promise<string> {
  try {
    return await getRawBody(ctx.req, {
      length: ctx.get("content-length") || undefined,
      limit: MAX_CALLBACK_BYTES,
      encoding: "utf8",
    });
  } catch (error) {
    const type = (error as { type?: string }).type;
    throw new CallbackRejection(type === "entity.too.large" ? "body_too_large" : "malformed_xml");
  }
}

/**
 * `/wecom/callback`: URL verification (GET) and message push (POST) for a self-built app
 * (WeCom doc 接收消息与事件). Refusals answer 4xx with an empty body and one log line; WeCom never gets a 500
 * for input it sent, because a 5xx only makes it retry the same bad request.
 */
export function callbackRouter(deps: CallbackRouteDeps): Router {
  const router = new Router();

  const refuse = (ctx: Context, error: unknown): void => {
    if (!(error instanceof CallbackRejection)) {
      throw error;
    }
    deps.log.warn(
      { reason: error.reason, status: error.status, ip: ctx.ip },
      "wecom callback refused",
    );
    ctx.status = error.status;
    ctx.body = "";
  };

  router.get("/wecom/callback", (ctx) => {
    try {
      // ctx.query has decoded the echostr once (`%2B` → `+`); decoding again would corrupt it.
      const echo = openEnvelope(
        deps.secrets,
        {
          signature: queryString(ctx, "msg_signature"),
          timestamp: queryString(ctx, "timestamp"),
          nonce: queryString(ctx, "nonce"),
          encrypt: queryString(ctx, "echostr") ?? "",
        },
        deps.clock.now(),
        deps.maxAgeSeconds,
      );
      deps.log.info("wecom url verification answered");
      // Only the bare plaintext: no quotes, BOM or newline, or WeCom rejects the URL.
      ctx.type = "text/plain";
      ctx.body = echo;
    } catch (error) {
      refuse(ctx, error);
    }
  });

  router.post("/wecom/callback", async (ctx) => {
    deps.inFlight?.enter();
    try {
      const raw = await readBody(ctx);
      if (raw === "") {
        throw new CallbackRejection("malformed_xml");
      }
      const envelope = parseOrReject(raw, "malformed_xml", ENVELOPE_MAX_ELEMENTS);
      const encrypt = textField(envelope, "Encrypt");
      if (!encrypt) {
        throw new CallbackRejection("missing_encrypt");
      }
      const plaintext = openEnvelope(
        deps.secrets,
        {
          signature: queryString(ctx, "msg_signature"),
          timestamp: queryString(ctx, "timestamp"),
          nonce: queryString(ctx, "nonce"),
          encrypt,
        },
        deps.clock.now(),
        deps.maxAgeSeconds,
      );
      const message = parseOrReject(plaintext, "malformed_message");
      const deliveryKey = deliveryKeyOf(message, plaintext);
      // Every WeCom delivery says what it is; an unknown MsgType is kept, a missing one is not WeCom's.
      if (deliveryKey === null || !textField(message, "MsgType") || !senderOk(message)) {
        throw new CallbackRejection("malformed_message");
      }
      // Two apps of one corp may share a callback URL and keys; a reply from this app to a message
      // written to the other would reach the person from an app they never spoke to.
      const agent = textField(message, "AgentID");
      if (agent && agent !== deps.agentId) {
        deps.log.info({ agent }, "wecom callback for another app ignored");
        ctx.status = 200;
        ctx.body = "";
        return;
      }
      const kind = kindOf(message);
      // Stored as parsed: without the control characters the parser dropped, which no database
      // column takes everywhere (PostgreSQL refuses NUL).
      const payload = withoutControlCharacters(plaintext);
      const outcome = await deps.accept({ deliveryKey, source: "wecom", kind, payload });
      deps.log.info({ delivery: deliveryKey, kind, outcome }, "wecom callback accepted");
      // An empty 200 is WeCom's "received, reply comes later" (WeCom doc 接收消息与事件: 直接返回200，即以空串为返回包).
      ctx.status = 200;
      ctx.body = "";
    } catch (error) {
      refuse(ctx, error);
    } finally {
      deps.inFlight?.leave();
    }
  });

  return router;
}

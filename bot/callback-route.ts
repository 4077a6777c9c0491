import { bodyParser } from "@koa/bodyparser";
import Router from "@koa/router";
import type { Context } from "koa";
import type { Clock } from "../server/clock";
import type { Logger } from "../server/logger";
import { type CallbackSecrets, openEnvelope } from "./callback-envelope";
import { CallbackRejection } from "./callback-rejection";
import { deliveryKeyOf, kindOf } from "./wecom-event";
import { parseWeComXml, textField, XmlError } from "./wecom-xml";

/** WeCom callbacks are a few kB; anything near this is not one. */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

export interface CallbackRouteDeps {
  secrets: CallbackSecrets;
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
}

function queryString(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];

  return typeof value === "string" ? value : undefined;
}

function parseOrReject(raw: string, reason: "malformed_xml" | "malformed_message") {
  try {
    return parseWeComXml(raw);
  } catch (error) {
    if (error instanceof XmlError) {
      throw new CallbackRejection(reason);
    }
    throw error;
  }
}

const xmlBody = bodyParser({
  enableTypes: ["xml", "text"],
  xmlLimit: MAX_CALLBACK_BYTES,
  textLimit: MAX_CALLBACK_BYTES,
  // WeCom posts text/xml; some proxies rewrite it, so any text-ish type is read as the raw body.
  extendTypes: { text: ["application/octet-stream"] },
});

/**
 * `/wecom/callback`: URL verification (GET) and message push (POST) for a self-built app
 * (PROTOCOL.md §1). Refusals answer 4xx with an empty body and one log line; WeCom never gets a 500
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
    try {
      try {
        await xmlBody(ctx, async () => {});
      } catch (error) {
        const status = (error as { status?: number }).status;
        throw new CallbackRejection(status === 413 ? "body_too_large" : "malformed_xml");
      }
      const raw = (ctx.request as { rawBody?: string }).rawBody;
      if (typeof raw !== "string" || raw === "") {
        throw new CallbackRejection("malformed_xml");
      }
      const envelope = parseOrReject(raw, "malformed_xml");
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
      const kind = kindOf(message);
      const outcome = await deps.accept({ deliveryKey, source: "wecom", kind, payload: plaintext });
      deps.log.info({ delivery: deliveryKey, kind, outcome }, "wecom callback accepted");
      // An empty 200 is WeCom's "received, reply comes later" (PROTOCOL.md §1.6).
      ctx.status = 200;
      ctx.body = "";
    } catch (error) {
      refuse(ctx, error);
    }
  });

  return router;
}

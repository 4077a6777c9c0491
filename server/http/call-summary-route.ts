import Router from "@koa/router";
import type { Context } from "koa";
import getRawBody from "raw-body";
import { callSummarySchema } from "../calls/call-summary";
import type { Clock } from "../clock";
import { jsonWithoutControlCharacters } from "../control-characters";
import { BeatError } from "../errors";
import type { NewDelivery } from "../inbox/accept-batcher";
import type { Logger } from "../logger";
import { verifySignedRequest } from "./signed-request";

/** A call summary with a long transcript is tens of kB; this leaves room and refuses the absurd. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How far the caller's clock may be from ours, both ways. */
const MAX_SKEW_SECONDS = 300;
/** A call cannot start later than now; this much leeway covers a phone system's clock running fast. */
const MAX_START_AHEAD_MS = MAX_SKEW_SECONDS * 1000;
/** Nor a year before: asking a rep for the key conclusions of a call that old is a broken clock. */
const MAX_START_AGE_MS = 365 * 24 * 3_600_000;

export interface CallSummaryRouteDeps {
  /** Null turns the route off: without a shared secret nobody can be trusted to post. */
  secret: string | null;
  clock: Clock;
  log: Logger;
  accept(delivery: NewDelivery): Promise<"accepted" | "duplicate">;
  /** Whether a WeCom userid is on the imported team. */
  isTeamMember(userid: string): Promise<boolean>;
  /** What was stored under a delivery key, to tell a replay from a reused call id. */
  storedPayload(deliveryKey: string): Promise<string | null>;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

async function readBody(ctx: Context): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await getRawBody(ctx.req, {
      length: ctx.get("content-length") || undefined,
      limit: MAX_BODY_BYTES,
    });
  } catch (error) {
    const tooLarge = (error as { type?: string }).type === "entity.too.large";
    throw new BeatError(
      tooLarge ? "body_too_large" : "body_unreadable",
      tooLarge ? "the body is over 1 MB" : "the body could not be read",
      tooLarge ? 413 : 400,
    );
  }
  // Decoded strictly: a lenient decoder would swap bad bytes for U+FFFD, and the signature, made
  // over the bytes, would then fail as if the secret were wrong.
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BeatError("body_not_utf8", "the body is not UTF-8", 400);
  }
}

/**
 * `POST /api/call-summaries`: the phone system's summary of a call. Verified (HMAC, fresh timestamp),
 * validated, stored in the inbox under its call id (a repeat is stored once) and answered 202; the
 * inbox worker records it and asks the rep for the call's key conclusions.
 */
export function callSummaryRouter(deps: CallSummaryRouteDeps): Router {
  const router = new Router();
  router.post("/api/call-summaries", async (ctx) => {
    if (!deps.secret) {
      throw new BeatError(
        "call_summaries_off",
        "CALL_SUMMARY_SECRET is not set on this server",
        503,
      );
    }
    const body = await readBody(ctx);
    verifySignedRequest({
      secret: deps.secret,
      timestamp: ctx.get("x-beat-timestamp") || undefined,
      signature: ctx.get("x-beat-signature") || undefined,
      body,
      now: deps.clock.now(),
      maxSkewSeconds: MAX_SKEW_SECONDS,
    });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new BeatError("body_not_json", "the body is not JSON", 400);
    }
    const parsed = callSummarySchema.safeParse(jsonWithoutControlCharacters(json));
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${i.path.join(".") || "body"}: ${i.message}`,
      );
      throw new BeatError("body_invalid", problems.join("; "), 400);
    }
    const call = parsed.data;
    // A start in the future is a broken clock or a typed year; stored, it would sort the call ahead
    // of everything the rep does until then.
    if (Date.parse(call.startedAt) < deps.clock.now().getTime() - MAX_START_AGE_MS) {
      throw new BeatError("started_at_too_old", "startedAt is more than a year ago", 400);
    }
    if (Date.parse(call.startedAt) > deps.clock.now().getTime() + MAX_START_AHEAD_MS) {
      throw new BeatError(
        "started_at_in_future",
        `startedAt is more than ${MAX_SKEW_SECONDS / 60} minutes ahead of the server's clock`,
        400,
      );
    }
    // Refused now rather than accepted and dropped later: the phone system can fix its mapping.
    if (!(await deps.isTeamMember(call.repUserId))) {
      throw new BeatError(
        "rep_unknown",
        `repUserId ${call.repUserId} is not on Beat's team list`,
        422,
      );
    }
    const payload = JSON.stringify(call);
    const deliveryKey = `call:${call.callId}`;
    const outcome = await deps.accept({
      deliveryKey,
      source: "call_summary",
      kind: "call_summary",
      payload,
    });
    if (outcome === "duplicate" && (await deps.storedPayload(deliveryKey)) !== payload) {
      throw new BeatError(
        "call_id_reused",
        `callId ${call.callId} was already stored with different content; a call id names one call`,
        409,
      );
    }
    deps.log.info({ call: call.callId, outcome }, "call summary accepted");
    ctx.status = 202;
    ctx.body = { status: outcome, callId: call.callId };
  });

  return router;
}

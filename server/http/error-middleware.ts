import type { Context, Middleware } from "koa";
import { BeatError } from "../errors";
import type { Logger } from "../logger";

/**
 * What Koa's body parsers (co-body, raw-body) throw for a body the client got wrong, as http-errors
 * with a 4xx status and a `type` (https://github.com/stream-utils/raw-body#errors). Left alone they
 * would be unknown errors, answered 500.
 */
function bodyRefusal(error: { status: number; type?: string; limit?: number }): BeatError {
  switch (error.type) {
    case "entity.too.large":
      return new BeatError(
        "body_too_large",
        `the body is over ${error.limit ? `${Math.floor(error.limit / 1024)} kB` : "this route's limit"}`,
        413,
      );
    case "entity.parse.failed":
      return new BeatError("body_invalid", "the body must be a JSON object, and valid JSON", 400);
    case "encoding.unsupported":
    case "charset.unsupported":
      return new BeatError(
        "body_encoding_unsupported",
        "send the body as UTF-8, uncompressed",
        415,
      );
    default:
      return new BeatError("body_unreadable", "the body could not be read", 400);
  }
}

/** The refusal an error stands for, or null for an unknown error (a bug, a database down). */
export function refusalOf(error: unknown): BeatError | null {
  if (error instanceof BeatError) {
    return error;
  }
  const http = error as { status?: unknown; expose?: unknown; type?: string; limit?: number };
  // co-body throws JSON.parse's own SyntaxError, given a status of 400 but not marked to expose.
  if (error instanceof SyntaxError && http.status === 400) {
    return bodyRefusal({ status: 400, type: "entity.parse.failed" });
  }
  if (
    http.expose === true &&
    typeof http.status === "number" &&
    http.status >= 400 &&
    http.status < 500
  ) {
    return bodyRefusal({ status: http.status, type: http.type, limit: http.limit });
  }

  return null;
}

/** The route's pattern (`/api/mp/opportunities/:id/fields`), not its path, so logs group by route. */
function routeOf(ctx: Context): string {
  const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;

  return typeof matched === "string" ? matched : ctx.path;
}

/**
 * The one place errors become HTTP answers: a refusal keeps its code (`{"error": code, "message"}`)
 * and is logged once with its route, status and code, never what was sent; anything else is a
 * bare 500.
 */
export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        log.warn(
          {
            method: ctx.method,
            route: routeOf(ctx),
            status: refusal.status,
            code: refusal.code,
            ip: ctx.ip,
          },
          "request refused",
        );
        ctx.status = refusal.status;
        ctx.body = { error: refusal.code, message: refusal.message, ...refusal.details };
        return;
      }
      log.error(
        { err: error instanceof Error ? error.name : "unknown", route: routeOf(ctx) },
        "unhandled error",
      );
      ctx.status = 500;
      ctx.body = { error: "internal" };
    }
  };
}

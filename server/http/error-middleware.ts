import type { Middleware } from "koa";
import { BeatError } from "../errors";
import type { Logger } from "../logger";

/** The one place errors become HTTP answers: a BeatError keeps its code, anything else is a bare 500. */
export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof BeatError) {
        ctx.status = error.status;
        ctx.body = { error: error.code, message: error.message, ...error.details };
        return;
      }
      log.error(
        { err: error instanceof Error ? error.name : "unknown", path: ctx.path },
        "unhandled error",
      );
      ctx.status = 500;
      ctx.body = { error: "internal" };
    }
  };
}

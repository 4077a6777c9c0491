import type Router from "@koa/router";
import Koa from "koa";
import type { Logger } from "../logger";
import { errorMiddleware } from "./error-middleware";

/** The Koa app with Beat's error mapping and the given routers; knows nothing of what they do. */
export function createHttpApp(
  log: Logger,
  routers: Router[],
  options: { trustProxy: boolean },
): Koa {
  const app = new Koa();
  // Behind a reverse proxy the client address comes from X-Forwarded-For; without one, that header
  // is whatever the caller wrote, so it is ignored.
  app.proxy = options.trustProxy;
  // Errors Koa sees outside the middleware (a client that hung up mid-answer) go to the structured
  // log; Koa's default prints a plain-text stack to stderr.
  app.on("error", (error: NodeJS.ErrnoException) => {
    log.warn({ err: error.code ?? error.name }, "http error outside a request's handling");
  });
  app.use(errorMiddleware(log));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }

  return app;
}

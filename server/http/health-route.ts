import Router from "@koa/router";

/** `GET /healthz`: 200 once the server is listening with its database migrated, with the open inbox rows. */
export function healthRouter(inboxCounts: () => Promise<Record<string, number>>): Router {
  const router = new Router();
  router.get("/healthz", async (ctx) => {
    ctx.body = { status: "ok", inbox: await inboxCounts() };
  });

  return router;
}

import Router from "@koa/router";

/**
 * `GET /healthz`: 200 once the server is listening with its database migrated, with the rows still
 * open in each queue (inbox, outbox); a `failed` count above zero is what an admin should look at.
 */
export function healthRouter(
  queueCounts: () => Promise<Record<string, Record<string, number>>>,
): Router {
  const router = new Router();
  router.get("/healthz", async (ctx) => {
    ctx.body = { status: "ok", ...(await queueCounts()) };
  });

  return router;
}

import { timingSafeEqual } from "node:crypto";
import Router from "@koa/router";
import type { Context } from "koa";
import { koaBody } from "koa-body";
import { parse as parseYaml } from "yaml";
import type { Clock } from "../clock";
import { jsonWithoutControlCharacters } from "../control-characters";
import { BeatError } from "../errors";
import { healthCsv, monthSoFar } from "../health/health-export";
import type { JobScheduler } from "../jobs/job-scheduler";
import { manualRunRefusal } from "../jobs/manual-run-time";
import type { QueueRow, WorkTable } from "../queue/work-table";
import type { RuleSettings } from "../rule-settings";
import type { SalesCore } from "../sales-core";

export interface AdminRouteDeps {
  core: SalesCore;
  clock: Clock;
  /** ADMIN_API_TOKEN, for scripts; null when only admins' own sessions may call. */
  adminToken: string | null;
  jobs: JobScheduler;
  /** The queues an admin may look into and retry parked rows of. */
  queues: Record<"inbox" | "outbox", WorkTable<QueueRow>>;
  weights: RuleSettings["health"]["weights"];
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);

  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `/api/admin/*`, for admins with a mini-program session or scripts with ADMIN_API_TOKEN: the
 * pipeline (read, replace), jobs (run one now), the queues' parked rows (list, retry) and the monthly
 * contact-health export.
 */
export function adminRouter(deps: AdminRouteDeps): Router {
  const router = new Router({ prefix: "/api/admin" });
  // Own keys only: a plain lookup would find "constructor" or "toString" on the object's prototype.
  const queueNamed = (name: string | undefined) =>
    name !== undefined && Object.hasOwn(deps.queues, name)
      ? deps.queues[name as keyof AdminRouteDeps["queues"]]
      : undefined;
  const admin = async (ctx: Context): Promise<string> => {
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get("authorization"))?.[1];
    if (token && deps.adminToken && same(token, deps.adminToken)) {
      return "admin-token";
    }
    // A script is told what to send; "log in again" is the mini-program's words, not a script's.
    const person = await deps.core.personOfToken(token).catch((error: unknown) => {
      if (error instanceof BeatError && error.status === 401) {
        throw new BeatError(
          "unauthorized",
          "send Authorization: Bearer <ADMIN_API_TOKEN>, or an admin's current mini-program session",
          401,
        );
      }
      throw error;
    });
    if (person.role !== "admin") {
      throw new BeatError("forbidden", "only admins may use /api/admin", 403);
    }
    return person.userid;
  };

  router.get("/pipeline", async (ctx) => {
    await admin(ctx);
    const current = await deps.core.currentPipeline();
    ctx.body = { version: current.version, definition: current.definition };
  });

  router.put(
    "/pipeline",
    async (ctx, next) => {
      ctx.state.admin = await admin(ctx);
      await next();
    },
    koaBody({ json: true, text: true, urlencoded: false, jsonLimit: "200kb", textLimit: "200kb" }),
    async (ctx) => {
      const body = ctx.request.body as unknown;
      let definition: unknown = body;
      if (typeof body === "string") {
        try {
          definition = parseYaml(body);
        } catch {
          throw new BeatError("body_invalid", "the body is neither JSON nor YAML", 400);
        }
      }
      const saved = await deps.core.replacePipeline({
        savedBy: String(ctx.state.admin),
        definition: jsonWithoutControlCharacters(definition),
      });
      ctx.body = saved;
    },
  );

  const json = koaBody({ json: true, urlencoded: false, text: false, jsonLimit: "10kb" });

  router.post("/jobs/:name", json, async (ctx) => {
    await admin(ctx);
    const body = (ctx.request.body ?? {}) as { at?: unknown; claim?: unknown };
    if (body.at !== undefined && typeof body.at !== "string") {
      throw new BeatError("body_invalid", "at must be an ISO time, as a string", 400);
    }
    const at = typeof body.at === "string" ? new Date(body.at) : deps.clock.now();
    if (Number.isNaN(at.getTime())) {
      throw new BeatError("body_invalid", "at must be an ISO time", 400);
    }
    if (!deps.jobs.names.includes(ctx.params.name as string)) {
      throw new BeatError("job_unknown", `jobs: ${deps.jobs.names.join(", ")}`, 404);
    }
    const refusal = manualRunRefusal(at, deps.clock.now());
    if (refusal) {
      throw new BeatError("at_out_of_range", refusal, 400);
    }
    ctx.body = await deps.jobs.run(ctx.params.name as string, at, { claim: body.claim === true });
  });

  router.get("/queues/:queue/parked", async (ctx) => {
    await admin(ctx);
    const queue = queueNamed(ctx.params.queue);
    if (!queue) {
      throw new BeatError("queue_unknown", "queues: inbox, outbox", 404);
    }
    // Ids, keys, kinds, counts and errors; never the payloads, which hold what people wrote.
    ctx.body = {
      parked: (await queue.parked()).map((row) => ({
        id: row.id,
        key:
          (row as { dedupeKey?: string; deliveryKey?: string }).dedupeKey ??
          (row as { deliveryKey?: string }).deliveryKey,
        kind: (row as { kind?: string }).kind,
        attempts: row.attempts,
        lastError: row.lastError,
      })),
    };
  });

  router.post("/queues/:queue/:id/retry", async (ctx) => {
    await admin(ctx);
    const queue = queueNamed(ctx.params.queue);
    const id = /^\d{1,15}$/.test(ctx.params.id ?? "") ? Number(ctx.params.id) : Number.NaN;
    if (!queue || !Number.isSafeInteger(id)) {
      throw new BeatError("queue_unknown", "queues: inbox, outbox; id: a number", 404);
    }
    if (!(await queue.retryParked(id))) {
      throw new BeatError("not_parked", "that row is not parked", 409);
    }
    ctx.body = { retried: id };
  });

  router.get("/health.csv", async (ctx) => {
    await admin(ctx);
    const month = typeof ctx.query.month === "string" ? ctx.query.month : "";
    const range = monthSoFar(month, deps.clock.now());
    ctx.type = "text/csv; charset=utf-8";
    ctx.set("content-disposition", `attachment; filename="health-${month}.csv"`);
    ctx.body = healthCsv(await deps.core.contactHealth(range), deps.weights);
  });

  return router;
}

import { timingSafeEqual } from "node:crypto";
import Router from "@koa/router";
import type { Context } from "koa";
import { koaBody } from "koa-body";
import { parse as parseYaml } from "yaml";
import { BeatError } from "../errors";
import type { SalesCore } from "../sales-core";

export interface AdminRouteDeps {
  core: SalesCore;
  /** ADMIN_API_TOKEN, for scripts; null when only admins' own sessions may call. */
  adminToken: string | null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);

  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `/api/admin/pipeline`: read the pipeline in force, or replace it (JSON or YAML body). Callers are
 * admins with a mini-program session, or scripts with ADMIN_API_TOKEN.
 */
export function adminPipelineRouter(deps: AdminRouteDeps): Router {
  const router = new Router({ prefix: "/api/admin" });
  const admin = async (ctx: Context): Promise<string> => {
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get("authorization"))?.[1];
    if (token && deps.adminToken && same(token, deps.adminToken)) {
      return "admin-token";
    }
    const person = await deps.core.personOfToken(token);
    if (person.role !== "admin") {
      throw new BeatError("forbidden", "only admins may change the pipeline", 403);
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
        definition,
      });
      ctx.body = saved;
    },
  );

  return router;
}

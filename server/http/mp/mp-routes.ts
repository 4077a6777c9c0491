import { mkdirSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Router from "@koa/router";
import type { Context } from "koa";
import { koaBody } from "koa-body";
import type { z } from "zod";
import {
  createOpportunityRequest,
  loginRequest,
  moveStageRequest,
  submitFieldsRequest,
  submitQuoteRequest,
} from "../../../miniprogram/shared/api-schemas";
import type { Clock } from "../../clock";
import { jsonWithoutControlCharacters } from "../../control-characters";
import type { Person } from "../../db/entities/person.entity";
import { BeatError } from "../../errors";
import type { QuoteSubmitted } from "../../quotes/submit-quote";
import type { SalesCore } from "../../sales-core";
import {
  presentAttachment,
  presentCustomer,
  presentDetail,
  presentForm,
  presentRedDot,
  presentSummary,
} from "./mp-presenters";

/** The largest upload the route reads; each attachment type has its own, smaller limit. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/**
 * Where uploads wait while they are read: Beat's own folder, one per process, so that what is left
 * there is easy to see (nothing should be: each request removes its parts).
 */
export const UPLOAD_TEMP_DIR = join(tmpdir(), `beat-uploads-${process.pid}`);

export interface MpRouteDeps {
  core: SalesCore;
  clock: Clock;
  /** This corp's id: a login from another corp is refused. */
  corpId: string;
  /** WeCom's jscode2session: the member a wx.qy.login code belongs to. */
  exchangeLoginCode(code: string): Promise<{ corpId: string; userid: string }>;
  /** Told after each change, so red dots follow the record. */
  changed(): void;
  /** Sends the manager the approval card of a submitted quote. */
  quoteSubmitted(submitted: QuoteSubmitted): Promise<void>;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(jsonWithoutControlCharacters(body));
  if (!parsed.success) {
    throw new BeatError(
      "body_invalid",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
      400,
    );
  }

  return parsed.data;
}

function idOf(ctx: Context): number {
  // Digits only: Number() would also read 1e3, 0x10 and " 7" as ids.
  const id = /^[1-9]\d{0,15}$/.test(ctx.params.id ?? "") ? Number(ctx.params.id) : Number.NaN;
  if (!Number.isSafeInteger(id)) {
    throw new BeatError("id_invalid", "the id in the path is not a positive integer", 400);
  }

  return id;
}

/**
 * `/api/mp/*`: what the mini-program calls. Every route but login takes `Authorization: Bearer
 * <token>`; a missing, forged or expired token is 401, someone else's opportunity 403.
 */
export function mpRouter(deps: MpRouteDeps): Router {
  const router = new Router({ prefix: "/api/mp" });
  mkdirSync(UPLOAD_TEMP_DIR, { recursive: true });
  // Any successful change through the mini-program may open or close red dots.
  router.use(async (ctx, next) => {
    await next();
    if (ctx.method === "POST" && ctx.status < 300 && !ctx.path.endsWith("/login")) {
      deps.changed();
    }
  });
  const json = koaBody({ json: true, urlencoded: false, text: false, jsonLimit: "100kb" });
  const person = async (ctx: Context): Promise<Person> => {
    const header = ctx.get("authorization");
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    return deps.core.personOfToken(token);
  };
  const pipeline = async () => (await deps.core.currentPipeline()).definition;

  router.post("/login", json, async (ctx) => {
    const { code } = parse(loginRequest, ctx.request.body);
    let identity: { corpId: string; userid: string };
    try {
      identity = await deps.exchangeLoginCode(code);
    } catch (error) {
      // 40029 and friends: the code is used, expired or made up. WeCom being down is not the user's fault.
      if ((error as { errcode?: number }).errcode !== undefined) {
        throw new BeatError(
          "login_code_invalid",
          "the login code is invalid or used; log in again",
          401,
        );
      }
      throw new BeatError("wecom_unavailable", "WeCom did not answer; try again", 503);
    }
    const session = await deps.core.startSession(identity, deps.corpId);
    ctx.body = {
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      user: { userid: session.person.userid, name: session.person.name, role: session.person.role },
    };
  });

  router.get("/me", async (ctx) => {
    const me = await person(ctx);
    ctx.body = { userid: me.userid, name: me.name, role: me.role };
  });

  router.get("/today", async (ctx) => {
    const me = await person(ctx);
    const now = deps.clock.now();
    const mine = await deps.core.redDotsOf(me.userid, now, Number.MAX_SAFE_INTEGER);
    ctx.body = { total: mine.total, redDots: mine.top.map((dot) => presentRedDot(dot, now)) };
  });

  router.get("/customers/:id", async (ctx) => {
    const me = await person(ctx);
    ctx.body = presentCustomer(await deps.core.customerDetail(me, idOf(ctx)));
  });

  router.get("/opportunities", async (ctx) => {
    const me = await person(ctx);
    const now = deps.clock.now();
    const definition = await pipeline();
    const list = await deps.core.listOpportunities(me);
    ctx.body = { opportunities: list.map((o) => presentSummary(o, definition, now)) };
  });

  router.post("/opportunities", json, async (ctx) => {
    const me = await person(ctx);
    const input = parse(createOpportunityRequest, ctx.request.body);
    const created = await deps.core.createOpportunity({
      by: me,
      customerId: input.customerId,
      name: input.name,
      amountFen: input.amount === undefined ? null : Math.round(input.amount * 100),
      ownerUserid: input.ownerUserid,
    });
    ctx.status = 201;
    ctx.body = presentDetail(
      await deps.core.opportunityDetail(me, created.id),
      await pipeline(),
      deps.clock.now(),
    );
  });

  router.get("/opportunities/:id", async (ctx) => {
    const me = await person(ctx);
    const detail = await deps.core.opportunityDetail(me, idOf(ctx));
    ctx.body = presentDetail(detail, await pipeline(), deps.clock.now());
  });

  router.get("/opportunities/:id/form", async (ctx) => {
    const me = await person(ctx);
    ctx.body = presentForm(await deps.core.stageForm(me, idOf(ctx)));
  });

  router.post("/opportunities/:id/fields", json, async (ctx) => {
    const me = await person(ctx);
    const { values } = parse(submitFieldsRequest, ctx.request.body);
    const id = idOf(ctx);
    await deps.core.submitFields({ by: me, opportunityId: id, values });
    ctx.body = presentDetail(
      await deps.core.opportunityDetail(me, id),
      await pipeline(),
      deps.clock.now(),
    );
  });

  router.post("/opportunities/:id/move", json, async (ctx) => {
    const me = await person(ctx);
    const { toStage, values } = parse(moveStageRequest, ctx.request.body);
    const id = idOf(ctx);
    await deps.core.moveStage({ by: me, opportunityId: id, toStage, values });
    ctx.body = presentDetail(
      await deps.core.opportunityDetail(me, id),
      await pipeline(),
      deps.clock.now(),
    );
  });

  router.post("/opportunities/:id/quotes", json, async (ctx) => {
    const me = await person(ctx);
    const input = parse(submitQuoteRequest, ctx.request.body);
    const submitted = await deps.core.submitQuote({
      by: me,
      opportunityId: idOf(ctx),
      amountFen: Math.round(input.amount * 100),
      discountPct: input.discountPct ?? null,
      validUntil: input.validUntil,
      attachmentId: input.attachmentId ?? null,
    });
    await deps.quoteSubmitted(submitted);
    ctx.status = 201;
    ctx.body = {
      id: submitted.quote.id,
      status: submitted.quote.status,
      approverUserid: submitted.quote.approverUserid,
    };
  });

  router.get("/opportunities/:id/attachments", async (ctx) => {
    const me = await person(ctx);
    const detail = await deps.core.opportunityDetail(me, idOf(ctx));
    ctx.body = { attachments: detail.attachments.map(presentAttachment) };
  });

  // Authenticated before the body is read: a stranger's 50 MB is refused without being stored.
  router.post(
    "/opportunities/:id/attachments",
    async (ctx, next) => {
      ctx.state.person = await person(ctx);
      await next();
    },
    koaBody({
      multipart: true,
      json: false,
      urlencoded: false,
      text: false,
      formidable: {
        uploadDir: UPLOAD_TEMP_DIR,
        maxFileSize: MAX_UPLOAD_BYTES,
        maxFiles: 1,
        allowEmptyFiles: false,
      },
      onError: () => {
        throw new BeatError(
          "upload_unreadable",
          "the upload is not a multipart form with one file of at most 50 MB",
          400,
        );
      },
    }),
    async (ctx) => {
      // formidable leaves each part in a temp file; the attachment store keeps its own copy, so the
      // temp files go whatever the outcome (stored, refused by type or gate, a database error).
      const parts = Object.values(ctx.request.files ?? {}).flat();
      try {
        const file = ctx.request.files?.file;
        const one = Array.isArray(file) ? file[0] : file;
        const type = (ctx.request.body as Record<string, unknown> | undefined)?.type;
        if (!one || typeof type !== "string") {
          throw new BeatError(
            "upload_incomplete",
            "send the file as `file` and its attachment type as `type`",
            400,
          );
        }
        const attachment = await deps.core.addAttachment({
          by: ctx.state.person as Person,
          opportunityId: idOf(ctx),
          type,
          fileName: one.originalFilename ?? "file",
          bytes: await readFile(one.filepath),
        });
        ctx.status = 201;
        ctx.body = presentAttachment(attachment);
      } finally {
        await Promise.all(parts.map((part) => rm(part.filepath, { force: true })));
      }
    },
  );

  router.get("/attachments/:id", async (ctx) => {
    const me = await person(ctx);
    const { attachment, bytes } = await deps.core.readAttachment(me, idOf(ctx));
    ctx.type = attachment.contentType;
    ctx.set(
      "content-disposition",
      `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    );
    ctx.set("x-content-type-options", "nosniff");
    ctx.body = bytes;
  });

  router.get("/pipeline", async (ctx) => {
    await person(ctx);
    ctx.body = await pipeline();
  });

  return router;
}

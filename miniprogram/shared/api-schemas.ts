import { z } from "zod";

/**
 * The mini-program API's request and response bodies, shared: the server's routes validate with
 * these, and the mini-program parses what it receives with the same schemas. It lives inside the
 * mini-program's folder because WeChat packages nothing outside it; it depends on zod alone.
 * Instants are ISO strings, money is yuan.
 */

export const loginRequest = z.object({ code: z.string().min(1).max(200) }).strict();

export const person = z.object({
  userid: z.string(),
  name: z.string(),
  role: z.enum(["rep", "manager", "finance", "admin"]),
});

export const loginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: person,
});

export const opportunitySummary = z.object({
  id: z.number(),
  name: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  ownerUserid: z.string(),
  amount: z.number().nullable(),
  stageKey: z.string(),
  stageName: z.string(),
  status: z.enum(["open", "won", "lost"]),
  stageEnteredAt: z.string(),
  daysInStage: z.number(),
  /** When the stage's time runs out; null for won and lost. */
  stageDueAt: z.string().nullable(),
  overdue: z.boolean(),
});

export const checklistItem = z.object({
  kind: z.enum(["field", "attachment"]),
  key: z.string(),
  label: z.string(),
  required: z.boolean(),
  done: z.boolean(),
  value: z.unknown().optional(),
  attachmentIds: z.array(z.number()).optional(),
});

export const historyEntry = z.object({
  kind: z.string(),
  stageKey: z.string(),
  detail: z.record(z.string(), z.unknown()),
  by: z.string(),
  at: z.string(),
});

export const attachmentInfo = z.object({
  id: z.number(),
  stageKey: z.string(),
  type: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const stageCycle = z.object({
  stageKey: z.string(),
  stageName: z.string(),
  enteredAt: z.string(),
  leftAt: z.string().nullable(),
  timeInStageHours: z.number(),
  idleHours: z.number(),
});

export const opportunityDetailResponse = z.object({
  opportunity: opportunitySummary,
  stageClock: z.object({ startedAt: z.string(), event: z.string() }),
  checklist: z.array(checklistItem),
  history: z.array(historyEntry),
  attachments: z.array(attachmentInfo),
  cycle: z.object({ stages: z.array(stageCycle), idleNowHours: z.number() }),
});

export const fieldDefinition = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(["text", "number", "money", "date", "single_choice", "multiple_choice", "contact"]),
  options: z.array(z.string()).optional(),
  role: z.string().optional(),
  required: z.boolean(),
});

export const stageFormResponse = z.object({
  opportunityId: z.number(),
  stage: z.object({
    key: z.string(),
    name: z.string(),
    limitHours: z.number().nullable(),
    fields: z.array(fieldDefinition),
    attachments: z.array(
      z.object({
        type: z.string(),
        label: z.string(),
        kinds: z.array(z.string()),
        maxMb: z.number(),
      }),
    ),
  }),
  values: z.record(z.string(), z.unknown()),
  prefill: z.array(z.object({ fieldKey: z.string(), value: z.unknown(), source: z.string() })),
  /** The customer's contacts, for contact fields. */
  contacts: z.array(z.object({ id: z.number(), name: z.string(), role: z.string().nullable() })),
  /** The stage after this one, where 提交并推进 moves to; null for the last. */
  nextStage: z.object({ key: z.string(), name: z.string() }).nullable(),
});

/**
 * Yuan, kept in fen: more than two decimals cannot be stored, and silently rounding 0.001 to 0
 * would record a deal worth nothing.
 */
const yuan = z
  .number()
  .max(1e10)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "at most two decimals (fen)");

export const createOpportunityRequest = z
  .object({
    customerId: z.number().int().positive(),
    name: z.string().trim().min(1).max(200).optional(),
    /** Yuan. */
    amount: yuan.refine((v) => v >= 0, "must not be negative").optional(),
    ownerUserid: z.string().min(1).max(64).optional(),
  })
  .strict();

export const submitFieldsRequest = z.object({ values: z.record(z.string(), z.unknown()) }).strict();

export const moveStageRequest = z
  .object({
    toStage: z.string().min(1).max(40),
    values: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** 报价提交: amount in yuan, discount in percent, valid until a date, and a file already uploaded. */
export const submitQuoteRequest = z
  .object({
    amount: yuan.refine((v) => v > 0, "must be above zero"),
    discountPct: z.number().min(0).max(100).optional(),
    validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"),
    attachmentId: z.number().int().positive().optional(),
  })
  .strict();

/** What a refused move answers (409): the stage left incomplete and exactly what it misses. */
export const gateRefusal = z.object({
  error: z.literal("gate_incomplete"),
  message: z.string(),
  stage: z.string(),
  missing: z.array(
    z.object({ kind: z.enum(["field", "attachment"]), key: z.string(), label: z.string() }),
  ),
});

/** 今日红点: the viewer's open red dots, ranked, each with why and how to close. */
export const redDotItem = z.object({
  id: z.number(),
  rule: z.string(),
  why: z.string(),
  closeHint: z.string(),
  overdueSince: z.string(),
  opportunityId: z.number().nullable(),
  customerId: z.number().nullable(),
  keyCustomer: z.boolean(),
});

export const todayResponse = z.object({ total: z.number(), redDots: z.array(redDotItem) });

export const evidence = z.object({ label: z.string(), phrase: z.string() });

/** 客户详情: the record and its recent interactions, each with its tags and the phrases behind them. */
export const customerResponse = z.object({
  customer: z.object({
    id: z.number(),
    name: z.string(),
    isKey: z.boolean(),
    industry: z.string().nullable(),
    completeness: z.number(),
    missing: z.array(z.string()),
  }),
  contacts: z.array(z.object({ id: z.number(), name: z.string(), role: z.string().nullable() })),
  openDemands: z.array(evidence),
  openObjections: z.array(evidence),
  interactions: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      source: z.string(),
      text: z.string(),
      tags: z.array(evidence),
      objections: z.array(evidence),
    }),
  ),
});

export type LoginResponse = z.infer<typeof loginResponse>;
export type RedDotItem = z.infer<typeof redDotItem>;
export type TodayResponse = z.infer<typeof todayResponse>;
export type CustomerResponse = z.infer<typeof customerResponse>;
export type OpportunitySummary = z.infer<typeof opportunitySummary>;
export type OpportunityDetailResponse = z.infer<typeof opportunityDetailResponse>;
export type StageFormResponse = z.infer<typeof stageFormResponse>;
export type AttachmentInfo = z.infer<typeof attachmentInfo>;
export type GateRefusal = z.infer<typeof gateRefusal>;

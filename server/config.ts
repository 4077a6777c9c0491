import { z } from "zod";
import { DEFAULT_RULES, type RuleSettings } from "./rule-settings";

/** WeCom's EncodingAESKey is always 43 characters of [A-Za-z0-9] (doc 90968). */
const encodingAesKey = z
  .string({ error: "is required: the EncodingAESKey from the app's 接收消息 settings" })
  .regex(/^[A-Za-z0-9]{43}$/, "must be exactly 43 letters and digits (WeCom EncodingAESKey)");

// Trimmed first: a value of spaces is a paste that went wrong, not a secret.
const required = (what: string) =>
  z
    .string({ error: `is required: ${what}` })
    .trim()
    .min(1, `is empty: ${what}`);

const databaseUrl = z
  .string()
  .default("")
  .refine(
    (v) => v === "" || /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v),
    "must be empty (data/beat.db), sqlite:PATH or postgres://…",
  );

/** Any OpenAI-compatible endpoint; unset means the model extractor is off and the rules work alone. */
const modelVariables = z.object({
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().optional(),
  OPENAI_TIMEOUT_MS: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int()
    .min(100)
    .max(120_000)
    .default(8000),
  OPENAI_RESPONSE_FORMAT: z.enum(["json_schema", "json_object"]).default("json_schema"),
});

/** The model used when OPENAI_BASE_URL is unset, i.e. OpenAI itself. */
export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

/** The red-dot thresholds and the health weights: all a report such as the health export needs. */
const ruleVariables = z.object({
  RED_DOT_DEMAND_HOURS: z.coerce.number().positive().default(24),
  RED_DOT_OBJECTION_HOURS: z.coerce.number().positive().default(72),
  RED_DOT_KEY_SILENT_DAYS: z.coerce.number().positive().default(7),
  RED_DOT_STALE_DAYS: z.coerce.number().positive().default(7),
  RED_DOT_QUOTE_HOURS: z.coerce.number().positive().default(4),
  HEALTH_WEIGHT_COVERAGE: z.coerce.number().min(0).max(1).default(0.08),
  HEALTH_WEIGHT_OBJECTION_CLOSURE: z.coerce.number().min(0).max(1).default(0.07),
});

const schema = z.object({
  WECOM_CORP_ID: required("the corp id (我的企业 → 企业ID)"),
  WECOM_AGENT_ID: required("the AgentId of the self-built app").regex(/^\d+$/, "must be numeric"),
  WECOM_SECRET: required("the self-built app's Secret"),
  WECOM_TOKEN: required("the Token from the app's 接收消息 settings"),
  WECOM_ENCODING_AES_KEY: encodingAesKey,
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: databaseUrl,
  WECOM_API_BASE: z.url().default("https://qyapi.weixin.qq.com"),
  WECOM_CALLBACK_MAX_AGE_SECONDS: z.coerce.number().int().min(1).default(300),
  WECOM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  INBOX_WORKER: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  ATTACHMENT_DIR: z.string().trim().min(1).default("data/attachments"),
  ADMIN_API_TOKEN: z
    .string()
    .min(24, "must be at least 24 characters: it lets a script replace the pipeline")
    .optional(),
  // Working hours only: a breach found at night would send alert cards at 01:50; found at the 08:00
  // scan, it reaches people when they can act. Red dots still close after every change, off the clock.
  SCAN_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, "must be a five-field cron expression (*/10 8-21 * * *)")
    .default("*/10 8-21 * * *"),
  WECOM_MINIPROGRAM_APPID: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, "must be a mini-program AppID (wx…)")
    .optional(),
  DIGEST_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, "must be a five-field cron expression (30 8 * * 1-6)")
    .default("30 8 * * 1-6"),
  CALL_SUMMARY_SECRET: z
    .string()
    .min(16, "must be at least 16 characters: it is the key the phone system signs with")
    .optional(),
  ...modelVariables.shape,
  ...ruleVariables.shape,
});

/** Every variable Beat reads, for checking that .env.example documents each one. */
export const VARIABLE_NAMES = Object.keys(schema.shape);

/**
 * What the model variables need of each other. Checked beside the schema rather than in a refinement,
 * which zod skips when any other variable is bad, so one start-up still names every problem.
 */
function modelProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  // Another provider's model names mean nothing to OpenAI, and OpenAI's to it: make it explicit.
  if (env.OPENAI_BASE_URL && !env.OPENAI_MODEL) {
    problems.push(
      "OPENAI_MODEL is required when OPENAI_BASE_URL is set: the provider's model name",
    );
  }
  if ((env.OPENAI_BASE_URL || env.OPENAI_MODEL) && !env.OPENAI_API_KEY) {
    problems.push(
      "OPENAI_API_KEY is required when OPENAI_BASE_URL or OPENAI_MODEL is set (any value for a local server)",
    );
  }

  return problems;
}

export type DatabaseTarget =
  | { kind: "sqlite"; path: string }
  | { kind: "postgres"; url: string; searchPath?: string };

/** The language model the extractor may ask; null in Config when OPENAI_API_KEY is unset. */
export interface ModelConfig {
  apiKey: string;
  /** Unset: OpenAI itself. */
  baseURL?: string;
  model: string;
  timeoutMs: number;
  /** json_schema (structured output) unless forced; the extractor drops to json_object by itself. */
  responseFormat: "json_schema" | "json_object";
}

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  wecom: {
    corpId: string;
    agentId: string;
    secret: string;
    token: string;
    encodingAesKey: string;
    apiBase: string;
    callbackMaxAgeSeconds: number;
    /** How long a WeCom API call may take before it counts as failed and is retried. */
    timeoutMs: number;
  };
  inboxWorker: boolean;
  /** Take the client address from X-Forwarded-For; only behind a proxy that sets it. */
  trustProxy: boolean;
  log: { level: string; format: "json" | "pretty" };
  model: ModelConfig | null;
  /** The phone system's HMAC key for /api/call-summaries; null turns that route off. */
  callSummarySecret: string | null;
  /** Where attachment files are stored, one per content hash. */
  attachmentDir: string;
  /** Lets scripts call /api/admin; null means only admins' own sessions may. */
  adminApiToken: string | null;
  /** When the stage-timeout scan runs (Asia/Shanghai). */
  scanCron: string;
  /** The mini-program the alert cards open (去补充); null sends the checklist in chat instead. */
  miniProgramAppId: string | null;
  /** When the morning digest goes out (Asia/Shanghai). */
  digestCron: string;
  rules: RuleSettings;
}

export class ConfigError extends Error {
  readonly code = "config_invalid";

  constructor(readonly problems: string[]) {
    super(
      `Beat cannot start; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** Reads `DATABASE_URL` the way DESIGN.md defines it: empty → data/beat.db, sqlite:PATH, postgres://. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url === "") {
    return { kind: "sqlite", path: "data/beat.db" };
  }
  if (url.startsWith("sqlite:")) {
    return { kind: "sqlite", path: url.slice("sqlite:".length) };
  }

  return { kind: "postgres", url };
}

/** Just DATABASE_URL, for tools such as the import that need the database and nothing else. */
export function readDatabaseTarget(env: Record<string, string | undefined>): DatabaseTarget {
  const parsed = databaseUrl.safeParse(env.DATABASE_URL || undefined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `DATABASE_URL ${issue.message}`));
  }

  return parseDatabaseUrl(parsed.data);
}

function toModelConfig(e: z.infer<typeof modelVariables>): ModelConfig | null {
  if (!e.OPENAI_API_KEY) {
    return null;
  }

  return {
    apiKey: e.OPENAI_API_KEY,
    ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL.replace(/\/+$/, "") } : {}),
    model: e.OPENAI_MODEL ?? DEFAULT_OPENAI_MODEL,
    timeoutMs: e.OPENAI_TIMEOUT_MS,
    responseFormat: e.OPENAI_RESPONSE_FORMAT,
  };
}

/** `NAME=` in a .env file means "not set": without this, PORT= would coerce to 0, a random port. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
}

/** Just the OPENAI_* variables, for tools such as the extractor CLI that need no WeCom settings. */
export function readModelConfig(env: Record<string, string | undefined>): ModelConfig | null {
  const given = withoutEmpty(env);
  const parsed = modelVariables.safeParse(given);
  const problems = [
    ...(parsed.error?.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`) ?? []),
    ...modelProblems(given),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(problems);
  }

  return toModelConfig(parsed.data);
}

function rulesOf(e: z.infer<typeof ruleVariables>): RuleSettings {
  return {
    redDots: {
      ...DEFAULT_RULES.redDots,
      demandHours: e.RED_DOT_DEMAND_HOURS,
      objectionHours: e.RED_DOT_OBJECTION_HOURS,
      keySilentDays: e.RED_DOT_KEY_SILENT_DAYS,
      staleDays: e.RED_DOT_STALE_DAYS,
      quoteHours: e.RED_DOT_QUOTE_HOURS,
    },
    health: {
      ...DEFAULT_RULES.health,
      weights: {
        coverage: e.HEALTH_WEIGHT_COVERAGE,
        objectionClosure: e.HEALTH_WEIGHT_OBJECTION_CLOSURE,
      },
    },
  };
}

/** Just the RED_DOT_* and HEALTH_* variables, for reports that need no WeCom settings. */
export function readRuleSettings(env: Record<string, string | undefined>): RuleSettings {
  const parsed = ruleVariables.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
    );
  }

  return rulesOf(parsed.data);
}

/** Validates the whole environment at once, so one start-up names every bad variable. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const given = withoutEmpty(env);
  const parsed = schema.safeParse(given);
  const problems = [
    ...(parsed.error?.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`) ?? []),
    ...modelProblems(given),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  return {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    wecom: {
      corpId: e.WECOM_CORP_ID,
      agentId: e.WECOM_AGENT_ID,
      secret: e.WECOM_SECRET,
      token: e.WECOM_TOKEN,
      encodingAesKey: e.WECOM_ENCODING_AES_KEY,
      apiBase: e.WECOM_API_BASE.replace(/\/+$/, ""),
      callbackMaxAgeSeconds: e.WECOM_CALLBACK_MAX_AGE_SECONDS,
      timeoutMs: e.WECOM_TIMEOUT_MS,
    },
    inboxWorker: e.INBOX_WORKER === "on",
    trustProxy: e.TRUST_PROXY === "true",
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    model: toModelConfig(e),
    callSummarySecret: e.CALL_SUMMARY_SECRET ?? null,
    attachmentDir: e.ATTACHMENT_DIR,
    adminApiToken: e.ADMIN_API_TOKEN ?? null,
    scanCron: e.SCAN_CRON,
    miniProgramAppId: e.WECOM_MINIPROGRAM_APPID ?? null,
    digestCron: e.DIGEST_CRON,
    rules: rulesOf(e),
  };
}

import { readModelConfig } from "../config";
import { createLogger } from "../logger";
import { createExtractor } from "./create-extractor";
import type { Extractor } from "./extraction";

/**
 * The extractor for the command-line tools, which need no WeCom settings: the rules, plus the model when
 * OPENAI_API_KEY is set. Logs go to standard error so standard output stays JSON lines.
 */
export function createExtractorFromEnv(env: Record<string, string | undefined>): Extractor {
  const log = createLogger({ level: env.LOG_LEVEL || "warn", format: "json", destination: 2 });

  return createExtractor({ model: readModelConfig(env), log });
}

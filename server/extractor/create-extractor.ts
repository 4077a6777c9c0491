import type { ModelConfig } from "../config";
import type { Logger } from "../logger";
import type { Extractor } from "./extraction";
import { ModelClient } from "./model/model-client";
import { createModelExtractor } from "./model/model-extractor";
import { createRulesExtractor } from "./rules/rules-extractor";

/**
 * The extractor Beat runs: the rules alone, or, when a language model is configured (OPENAI_API_KEY),
 * the rules with the model's additions. Prompts and patterns are read here, once, so a missing file
 * stops the start rather than the first message.
 */
export function createExtractor(options: { model: ModelConfig | null; log: Logger }): Extractor {
  const rules = createRulesExtractor();
  if (!options.model) {
    return rules;
  }
  const log = options.log.child({ part: "extractor" });

  return createModelExtractor({ rules, client: new ModelClient(options.model, log), log });
}

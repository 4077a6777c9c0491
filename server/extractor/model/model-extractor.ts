import type { Logger } from "../../logger";
import type { Extraction, ExtractionInput, Extractor } from "../extraction";
import type { RulesExtractor } from "../rules/rules-extractor";
import { checkEvidence } from "./check-evidence";
import { givesOrders, loadInjectionPatterns } from "./injection-patterns";
import { mergeExtractions } from "./merge-extractions";
import type { ModelClient } from "./model-client";
import { toModelFailure } from "./model-failure";

/**
 * The rules first, always; then the model, whose answer can only add what it quotes from the text.
 * Whatever goes wrong with the model (timeout, 429, 5xx, an invalid answer), the rules' result is
 * returned and one warn line says why.
 */
export function createModelExtractor(deps: {
  rules: RulesExtractor;
  client: ModelClient;
  log: Logger;
}): Extractor {
  const { rules, client, log } = deps;
  const injectionPatterns = loadInjectionPatterns();

  return {
    async extract(input: ExtractionInput): Promise<Extraction> {
      const byRules = rules.extractNow(input);
      // The prompt already tells the model the message is data; a message that gives it orders in a
      // known form is not sent at all, so whether a model would obey never decides Beat's output.
      // Limitation: an order in a form prompts/injection-patterns.txt does not know still reaches the
      // model, and a model that obeys it can add labels by quoting any words of the message, because
      // only the prompt stands in the way; add the form to that file when one turns up.
      if (givesOrders(input.text, injectionPatterns)) {
        log.warn(
          { reason: "message_gives_orders", model: client.model },
          "model not asked; the rules' result stands",
        );

        return byRules;
      }
      const started = performance.now();
      try {
        const answer = await client.ask(input);
        const checked = checkEvidence(answer, input.text);
        const merged = mergeExtractions(byRules, checked, input.sentAt);
        log.debug(
          {
            model: client.model,
            mode: client.mode,
            ms: Math.round(performance.now() - started),
            unfounded: checked.unfounded,
          },
          "model answer merged",
        );

        return merged;
      } catch (error) {
        const failure = toModelFailure(error, false);
        log.warn(
          {
            reason: failure.reason,
            status: failure.status,
            issues: failure.issues,
            model: client.model,
            mode: client.mode,
            ms: Math.round(performance.now() - started),
          },
          "model answer not used; the rules' result stands",
        );

        return byRules;
      }
    },
  };
}

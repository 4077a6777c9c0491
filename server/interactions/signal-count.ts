import type { Extraction } from "../extractor/extraction";

/**
 * How many things the extractor read in a message. An interaction on a customer with at least one is
 * an effective record: it says something a manager can act on, where "跟进了一下" says nothing.
 */
export function signalCount(extraction: Extraction): number {
  return (
    extraction.tags.length +
    extraction.objections.length +
    extraction.roles.length +
    extraction.contacts.length +
    extraction.demands.length +
    extraction.responses.length +
    extraction.closingActions.length +
    extraction.competitors.length +
    extraction.facts.length +
    (extraction.commitment ? 1 : 0)
  );
}

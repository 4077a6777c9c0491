import { forget, readStored, store } from "./storage";

/**
 * What a rep has typed into a stage form but not submitted, kept on the phone per opportunity and
 * stage: leaving the page, a call coming in, or an expired login loses nothing.
 */
const keyOf = (opportunityId: number, stageKey: string) =>
  `beat:draft:${opportunityId}:${stageKey}`;

export function loadDraft(opportunityId: number, stageKey: string): Record<string, unknown> {
  return readStored<Record<string, unknown>>(keyOf(opportunityId, stageKey)) ?? {};
}

export function saveDraft(
  opportunityId: number,
  stageKey: string,
  values: Record<string, unknown>,
): void {
  store(keyOf(opportunityId, stageKey), values);
}

export function clearDraft(opportunityId: number, stageKey: string): void {
  forget(keyOf(opportunityId, stageKey));
}

import type { Evidence, Extraction } from "../extraction";
import type { CheckedAnswer, ModelItem } from "./check-evidence";
import { resolveDueAt } from "./resolve-due";

/** The model's items whose label the rules did not find, one per label, its quotes de-duplicated. */
function additions<L extends string>(
  found: ReadonlySet<string>,
  items: readonly ModelItem<L>[],
): { label: L; evidence: Evidence[] }[] {
  const byLabel = new Map<L, Evidence[]>();
  for (const { label, evidence } of items) {
    if (found.has(label)) {
      continue;
    }
    const quotes = byLabel.get(label) ?? [];
    if (!quotes.some((q) => q.start === evidence.start && q.end === evidence.end)) {
      quotes.push(evidence);
    }
    byLabel.set(label, quotes);
  }

  return [...byLabel].map(([label, evidence]) => ({ label, evidence }));
}

/**
 * The rules' extraction plus what only the model saw. The model adds tags, objections and roles, and a
 * commitment when the rules found none; it never removes or rewrites a rule's finding, and contacts,
 * demands, responses, closing actions and competitors stay the rules' alone.
 */
export function mergeExtractions(
  rules: Extraction,
  model: CheckedAnswer,
  sentAt: Date,
): Extraction {
  const tags = additions(new Set(rules.tags.map((f) => f.tag)), model.tags);
  const objections = additions(new Set(rules.objections.map((f) => f.category)), model.objections);
  const roles = additions(new Set(rules.roles.map((f) => f.role)), model.roles);
  let commitment = rules.commitment;
  if (!commitment && model.commitment) {
    const dueAt = resolveDueAt(model.commitment.due, sentAt);
    if (dueAt) {
      const { due, by, evidence } = model.commitment;
      commitment = { due, dueAt, by, ours: by === "rep", evidence };
    }
  }

  return {
    ...rules,
    tags: [...rules.tags, ...tags.map(({ label, evidence }) => ({ tag: label, evidence }))],
    objections: [
      ...rules.objections,
      ...objections.map(({ label, evidence }) => ({ category: label, evidence })),
    ],
    roles: [...rules.roles, ...roles.map(({ label, evidence }) => ({ role: label, evidence }))],
    commitment,
    engine: "rules+model",
  };
}

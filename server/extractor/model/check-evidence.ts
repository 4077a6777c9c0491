import type { Evidence, ObjectionCategory, Role, Tag } from "../extraction";
import type { ModelAnswer } from "./model-answer";

export interface ModelItem<L extends string> {
  label: L;
  evidence: Evidence;
}

/** The model's answer with every item's evidence located in the text, or the item gone. */
export interface CheckedAnswer {
  tags: ModelItem<Tag>[];
  objections: ModelItem<ObjectionCategory>[];
  roles: ModelItem<Role>[];
  commitment: { due: string; by: "customer" | "rep"; evidence: Evidence } | null;
  /** Items dropped because their evidence is not in the text: invented, paraphrased or translated. */
  unfounded: number;
}

/**
 * Where the quote first stands in the text, as given, or null. Only the spaces around it are
 * forgiven; anything else that differs means the model did not quote.
 */
function locate(text: string, quote: string): Evidence | null {
  const wanted = quote.trim();
  const start = wanted === "" ? -1 : text.indexOf(wanted);

  return start === -1 ? null : { start, end: start + wanted.length, text: wanted, rule: "model" };
}

/** Keeps the items whose evidence is literally in the text, with its offsets; counts the rest. */
export function checkEvidence(answer: ModelAnswer, text: string): CheckedAnswer {
  let unfounded = 0;
  const keep = <L extends string>(items: { label: L; evidence: string }[]): ModelItem<L>[] =>
    items.flatMap((item) => {
      const evidence = locate(text, item.evidence);
      if (!evidence) {
        unfounded += 1;
        return [];
      }

      return [{ label: item.label, evidence }];
    });

  const tags = keep(answer.tags);
  const objections = keep(answer.objections);
  const roles = keep(answer.roles);
  let commitment: CheckedAnswer["commitment"] = null;
  if (answer.commitment) {
    const evidence = locate(text, answer.commitment.evidence);
    if (evidence) {
      commitment = { due: answer.commitment.due, by: answer.commitment.by, evidence };
    } else {
      unfounded += 1;
    }
  }

  return { tags, objections, roles, commitment, unfounded };
}

import type { Labelled } from "./labelled-form";

export interface LabelScore {
  label: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface GroupScore {
  group: "tags" | "objections" | "roles";
  labels: LabelScore[];
  /** Mean F1 over the group's labels that occur in the gold labels or the predictions. */
  macroF1: number;
  microF1: number;
}

export interface Miss {
  id: string;
  text: string;
  field: "tags" | "objections" | "roles" | "commitment";
  missing: string[];
  extra: string[];
}

export interface Scores {
  examples: number;
  groups: GroupScore[];
  commitmentAccuracy: number;
  misses: Miss[];
}

export interface ScoredExample {
  id: string;
  text: string;
  gold: Labelled;
  predicted: Labelled;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Precision, recall and F1 per label, macro- and micro-F1 per group, commitment accuracy, misses. */
export function scoreExtraction(
  examples: ScoredExample[],
  labelSets: { tags: readonly string[]; objections: readonly string[]; roles: readonly string[] },
): Scores {
  const misses: Miss[] = [];
  const groups = (["tags", "objections", "roles"] as const).map((group): GroupScore => {
    const counts = new Map(labelSets[group].map((l) => [l, { support: 0, tp: 0, fp: 0, fn: 0 }]));
    for (const ex of examples) {
      const gold = new Set(ex.gold[group]);
      const predicted = new Set(ex.predicted[group]);
      for (const label of new Set([...gold, ...predicted])) {
        const c = counts.get(label);
        if (!c) {
          continue;
        }
        c.support += gold.has(label) ? 1 : 0;
        c.tp += gold.has(label) && predicted.has(label) ? 1 : 0;
        c.fp += !gold.has(label) && predicted.has(label) ? 1 : 0;
        c.fn += gold.has(label) && !predicted.has(label) ? 1 : 0;
      }
      const missing = [...gold].filter((l) => !predicted.has(l));
      const extra = [...predicted].filter((l) => !gold.has(l));
      if (missing.length || extra.length) {
        misses.push({ id: ex.id, text: ex.text, field: group, missing, extra });
      }
    }
    const labels = [...counts].map(([label, c]): LabelScore => {
      const precision = ratio(c.tp, c.tp + c.fp);
      const recall = ratio(c.tp, c.tp + c.fn);

      return { label, ...c, precision, recall, f1: f1Of(precision, recall) };
    });
    const active = labels.filter((l) => l.support + l.fp > 0);
    const sum = (k: "tp" | "fp" | "fn") => labels.reduce((n, l) => n + l[k], 0);
    const microP = ratio(sum("tp"), sum("tp") + sum("fp"));
    const microR = ratio(sum("tp"), sum("tp") + sum("fn"));

    return {
      group,
      labels,
      macroF1: ratio(
        active.reduce((n, l) => n + l.f1, 0),
        active.length,
      ),
      microF1: f1Of(microP, microR),
    };
  });

  let correct = 0;
  for (const ex of examples) {
    const gold = ex.gold.commitment?.due ?? null;
    const predicted = ex.predicted.commitment?.due ?? null;
    if (gold === predicted) {
      correct++;
    } else {
      misses.push({
        id: ex.id,
        text: ex.text,
        field: "commitment",
        missing: [String(gold)],
        extra: [String(predicted)],
      });
    }
  }

  return {
    examples: examples.length,
    groups,
    commitmentAccuracy: ratio(correct, examples.length),
    misses,
  };
}

import { z } from "zod";
import { type Extraction, OBJECTION_CATEGORIES, ROLES, SOURCES, TAGS } from "./extraction";

/**
 * The flat, labelled form of an extraction: the shape of ../shared/data/extract-dev.jsonl, which is also
 * what `npm run extract` prints (with the evidence beside it) and what `npm run eval:extract` compares.
 */
export interface Labelled {
  tags: string[];
  objections: string[];
  roles: string[];
  commitment: { due: string } | null;
}

export const inputLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  source: z.enum(SOURCES).default("chat"),
  sentAt: z.iso.datetime({ offset: true }).optional(),
});

export const labelledLine = inputLine.extend({
  tags: z.array(z.enum(TAGS)),
  objections: z.array(z.enum(OBJECTION_CATEGORIES)),
  roles: z.array(z.enum(ROLES)),
  commitment: z.object({ due: z.string() }).nullable(),
});

export function labelledOf(extraction: Extraction): Labelled {
  return {
    tags: extraction.tags.map((t) => t.tag),
    objections: extraction.objections.map((o) => o.category),
    roles: extraction.roles.map((r) => r.role),
    commitment: extraction.commitment ? { due: extraction.commitment.due } : null,
  };
}

/** One output line of `npm run extract`: the labels, then the evidence for each. */
export function outputLine(id: string, extraction: Extraction) {
  return {
    id,
    ...labelledOf(extraction),
    evidence: {
      tags: Object.fromEntries(extraction.tags.map((t) => [t.tag, t.evidence])),
      objections: Object.fromEntries(extraction.objections.map((o) => [o.category, o.evidence])),
      roles: Object.fromEntries(extraction.roles.map((r) => [r.role, r.evidence])),
      commitment: extraction.commitment?.evidence ?? null,
    },
    dueAt: extraction.commitment?.dueAt ?? null,
    contacts: extraction.contacts,
    demands: extraction.demands,
    responses: extraction.responses,
    closingActions: extraction.closingActions,
    competitors: extraction.competitors,
    engine: extraction.engine,
  };
}

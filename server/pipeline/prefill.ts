import type { EntityManager } from "typeorm";
import { Contact } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { parseAmountFen } from "../opportunities/parse-amount";
import type { FieldDefinition } from "./pipeline-definition";

export interface Suggestion {
  fieldKey: string;
  value: unknown;
  /** The words it was read from, so the rep can see why before confirming. */
  source: string;
}

/** How far back the customer's interactions are read for values: the last few weeks of talk. */
const RECENT_INTERACTIONS = 20;

const DATE = /(?:(\d{4})[-/年])?(\d{1,2})[-/月](\d{1,2})[日号]?/u;

function isoDate(text: string, now: Date): string | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const year = match[1] ? Number(match[1]) : now.getFullYear();
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;

  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The sentence-like piece of `text` around `index`, for showing where a value came from. */
function clauseAround(text: string, index: number): string {
  const before = text.slice(0, index).search(/[^，。；！？,.;!?\n]*$/u);
  const after = text.slice(index).search(/[，。；！？,.;!?\n]/u);

  return text.slice(Math.max(0, before), after < 0 ? undefined : index + after).trim();
}

/**
 * Values for a stage's missing fields, read from what was already said about the customer: the
 * record (budget, timeline, contacts) and the recent interactions, newest first. A suggestion is never
 * stored by itself; the rep confirms it in the form.
 */
export async function prefillFields(
  manager: EntityManager,
  customerId: number,
  fields: FieldDefinition[],
  now: Date,
): Promise<Suggestion[]> {
  const customer = await manager.getRepository(Customer).findOneBy({ id: customerId });
  const contacts = await manager
    .getRepository(Contact)
    .find({ where: { customerId }, order: { lastContactAt: "DESC" } });
  const interactions = await manager.getRepository(Interaction).find({
    where: { customerId },
    order: { occurredAt: "DESC", id: "DESC" },
    take: RECENT_INTERACTIONS,
  });
  const texts = interactions
    .flatMap((i) => [i.conclusions, i.text])
    .filter((t): t is string => Boolean(t));
  const suggestions: Suggestion[] = [];
  for (const field of fields) {
    const found = suggest(field, { customer, contacts, interactions, texts, now });
    if (found) suggestions.push({ fieldKey: field.key, ...found });
  }

  return suggestions;
}

interface Known {
  customer: Customer | null;
  contacts: Contact[];
  interactions: Interaction[];
  texts: string[];
  now: Date;
}

function suggest(field: FieldDefinition, known: Known): { value: unknown; source: string } | null {
  switch (field.type) {
    case "money": {
      // The budget field takes the budget the customer gave; other amounts come from the talk.
      if (field.key.includes("budget") && known.customer?.budget) {
        const fen = parseAmountFen(known.customer.budget);
        if (fen) return { value: fen / 100, source: known.customer.budget };
      }
      for (const text of known.texts) {
        const index = text.search(/(报价|合同|金额|总价|价格)[^，。；！？,.;!?]{0,8}\d/u);
        if (index < 0) continue;
        const clause = clauseAround(text, index);
        const fen = parseAmountFen(clause);
        if (fen) return { value: fen / 100, source: clause };
      }
      return null;
    }
    case "date":
      for (const text of known.texts) {
        const iso = isoDate(text, known.now);
        if (iso) return { value: iso, source: clauseAround(text, text.search(DATE)) };
      }
      return null;
    case "contact": {
      const contact = known.contacts.find((c) => !field.role || c.role === field.role);
      return contact ? { value: contact.id, source: contact.name } : null;
    }
    case "single_choice": {
      // Longest option first: 有条件通过 must win over 通过.
      const options = [...(field.options ?? [])].sort((a, b) => b.length - a.length);
      for (const text of known.texts) {
        const option = options.find((o) => text.includes(o));
        if (option) return { value: option, source: clauseAround(text, text.indexOf(option)) };
      }
      return null;
    }
    case "text": {
      const demands = known.interactions
        .flatMap((i) => [
          ...i.extraction.demands.map((d) => d.evidence.text),
          ...i.extraction.tags
            .filter((t) => t.tag === "demand_clear")
            .map((t) => t.evidence[0]?.text ?? ""),
        ])
        .filter(Boolean);
      if (demands.length === 0) return null;
      const summary = [...new Set(demands)].slice(0, 5).join("；");
      return { value: summary, source: summary };
    }
    default:
      return null;
  }
}

import type { EntityManager } from "typeorm";
import { repContextOf } from "../conversation/rep-context-store";
import { Customer } from "../db/entities/customer.entity";
import { findCustomerMentions } from "./customer-matcher";
import { coreName, nameForms } from "./customer-names";
import { suggestCustomerName } from "./suggest-customer-name";

/** A follow-up that names no customer belongs to the one the rep spoke of this recently. */
export const CONTEXT_WINDOW_MS = 30 * 60_000;

export type Resolution =
  | { kind: "found"; customer: Customer; how: "exact" | "prefix" | "close" | "context" }
  /** Several customers match, or a loose match competes with a company the text names: ask. */
  | { kind: "ambiguous"; candidates: Customer[]; createName: string | null }
  | { kind: "unknown"; suggestedName: string | null };

/**
 * Which customer a rep's text is about: a name or alias it contains, a close match, or else the
 * customer this rep was talking about in the last 30 minutes, unless the text names a company Beat
 * does not know. Two or more matches are ambiguous (the rep's own customers first); none is unknown,
 * with the company the text seems to name, if any.
 */
export async function resolveCustomer(
  manager: EntityManager,
  input: { text: string; repUserid: string; at: Date },
): Promise<Resolution> {
  const repo = manager.getRepository(Customer);
  // Limitation: every customer's names are read per message, because nothing caches them yet; at a
  // few thousand customers that is a few milliseconds, and a cache keyed on updatedAt can go in when
  // a team has more.
  const names = await repo.find({ select: { id: true, name: true, aliases: true } });
  const mentions = findCustomerMentions(input.text, names);
  const ids = [...new Set(mentions.map((m) => m.customerId))];
  const loose = mentions.length > 0 && mentions.every((m) => m.how !== "exact");
  // 苏州阀门厂 is not 温州阀门集团 with a typo: when the text names a company and the only matches
  // are loose ones, the rep is asked, with creating that company as one of the answers.
  const named = loose ? suggestCustomerName(input.text) : null;
  const namedIsCandidate =
    named !== null &&
    names.some((c) => ids.includes(c.id) && nameForms(c.name, c.aliases).includes(coreName(named)));
  if (ids.length === 1 && (!named || namedIsCandidate)) {
    const customer = await repo.findOneByOrFail({ id: ids[0] as number });
    return { kind: "found", customer, how: mentions[0]?.how ?? "exact" };
  }
  if (ids.length >= 1) {
    const candidates = await repo.findBy(ids.map((id) => ({ id })));
    candidates.sort(
      (a, b) =>
        Number(b.ownerUserid === input.repUserid) - Number(a.ownerUserid === input.repUserid) ||
        a.name.localeCompare(b.name, "zh"),
    );
    return { kind: "ambiguous", candidates, createName: namedIsCandidate ? null : named };
  }
  // A text that names a company Beat does not know is about that company, not the last one.
  const suggestedName = suggestCustomerName(input.text);
  if (suggestedName) {
    return { kind: "unknown", suggestedName };
  }
  const context = await repContextOf(manager, input.repUserid);
  const recent =
    context.lastCustomerId !== null &&
    context.lastCustomerAt !== null &&
    input.at.getTime() - context.lastCustomerAt.getTime() <= CONTEXT_WINDOW_MS;
  if (recent) {
    const customer = await repo.findOneBy({ id: context.lastCustomerId as number });
    if (customer) {
      return { kind: "found", customer, how: "context" };
    }
  }

  return { kind: "unknown", suggestedName: null };
}

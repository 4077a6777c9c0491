import type { EntityManager } from "typeorm";
import { repContextOf } from "../conversation/rep-context-store";
import { Customer } from "../db/entities/customer.entity";
import type { CustomerMention } from "./customer-matcher";
import { namedInText } from "./named-in-text";

/** A follow-up that names no customer belongs to the one the rep spoke of this recently. */
export const CONTEXT_WINDOW_MS = 30 * 60_000;

export type Resolution =
  | { kind: "found"; customer: Customer; how: CustomerMention["how"] | "context" }
  /** Several customers match, or a loose match competes with a company the text names: ask. */
  | { kind: "ambiguous"; candidates: Customer[]; createName: string | null }
  /**
   * No customer matches. `contextCustomer` is the one the rep spoke of a moment ago, offered beside
   * creating `suggestedName`, because a text that names a company is not silently put on it.
   */
  | { kind: "unknown"; suggestedName: string | null; contextCustomer: Customer | null };

/**
 * Which customer a rep's text is about: the one whose name or alias it contains, a shortened or close
 * match, or else the customer this rep was talking about in the last 30 minutes. A text that names a
 * company Beat does not know (杭州乳业钱总说…, 苏州阀门厂说…) never lands on a loose match or on the
 * last customer without asking. Two or more matches are ambiguous (the rep's own customers first).
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
  const named = namedInText(input.text, names);
  // A name as written settles it, even beside another company (比康泰医药贵), unless it is only part
  // of a longer company's name (华东某食品机械厂 is not 华东某食品).
  const exact = named.mentions.filter(
    (m) => m.how === "exact" && !named.unknown.some((c) => c.start <= m.start && c.end >= m.end),
  );
  const ids = exact.length > 0 ? [...new Set(exact.map((m) => m.customerId))] : named.ids;
  const createName = exact.length > 0 ? null : (named.unknown[0]?.name ?? null);
  // Two or three first characters (华东的王总) are a guess even when one customer has them: asked.
  const guess = exact.length === 0 && named.mentions.every((m) => m.how === "short");
  if (ids.length === 1 && !createName && !guess) {
    const customer = await repo.findOneByOrFail({ id: ids[0] as number });
    const how = (exact[0] ?? named.mentions[0])?.how ?? "exact";
    return { kind: "found", customer, how };
  }
  if (ids.length >= 1) {
    const candidates = await repo.findBy(ids.map((id) => ({ id })));
    candidates.sort(
      (a, b) =>
        Number(b.ownerUserid === input.repUserid) - Number(a.ownerUserid === input.repUserid) ||
        a.name.localeCompare(b.name, "zh"),
    );
    return { kind: "ambiguous", candidates, createName };
  }
  const context = await repContextOf(manager, input.repUserid);
  const recent =
    context.lastCustomerId !== null &&
    context.lastCustomerAt !== null &&
    input.at.getTime() - context.lastCustomerAt.getTime() <= CONTEXT_WINDOW_MS;
  const contextCustomer = recent
    ? await repo.findOneBy({ id: context.lastCustomerId as number })
    : null;
  if (createName) {
    return { kind: "unknown", suggestedName: createName, contextCustomer };
  }
  if (contextCustomer) {
    return { kind: "found", customer: contextCustomer, how: "context" };
  }

  return { kind: "unknown", suggestedName: null, contextCustomer: null };
}

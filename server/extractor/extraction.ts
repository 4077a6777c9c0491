/**
 * What the extractor reads and what it returns. Every item carries the evidence behind it: offsets into
 * the text as given (UTF-16 code units, end exclusive), the matched text, and the rule that fired (a
 * lexicon rule id, or "model" for what a language model found and the rules did not).
 */

export const TAGS = ["demand_clear", "price_sensitive", "technical_doubt"] as const;
export type Tag = (typeof TAGS)[number];

export const OBJECTION_CATEGORIES = [
  "price",
  "competitor",
  "technical",
  "timing",
  "authority",
  "delivery",
  "payment_terms",
  "existing_supplier",
  "trust",
] as const;
export type ObjectionCategory = (typeof OBJECTION_CATEGORIES)[number];

export const ROLES = ["procurement", "technical", "finance", "executive", "user"] as const;
export type Role = (typeof ROLES)[number];

export const SOURCES = ["chat", "call_summary"] as const;
export type Source = (typeof SOURCES)[number];

export type Speaker = "customer" | "rep" | "narrator";

export interface Evidence {
  start: number;
  end: number;
  text: string;
  rule: string;
}

export interface ExtractionInput {
  text: string;
  source: Source;
  /** When the text was sent; relative dates (明天, 下周三) are resolved from it in Asia/Shanghai. */
  sentAt: Date;
}

export interface TagFinding {
  tag: Tag;
  evidence: Evidence[];
}

export interface ObjectionFinding {
  category: ObjectionCategory;
  evidence: Evidence[];
}

export interface RoleFinding {
  role: Role;
  evidence: Evidence[];
}

/** A person on the customer's side named with a title (王总, 李工, 财务张姐); role null when the title does not say. */
export interface ContactFinding {
  name: string;
  role: Role | null;
  contacted: boolean;
  evidence: Evidence;
}

/** Something the customer asked for (a quote, a proposal, samples …), or the rep's answer to such a request. */
export interface ItemFinding {
  kind: string;
  label: string;
  evidence: Evidence;
}

/** A step the rep took or promised that answers an objection (降价说明, 成功案例, 试用安排 …). */
export interface ClosingActionFinding extends ItemFinding {
  closes: ObjectionCategory[];
}

export interface CompetitorFinding {
  name: string;
  evidence: Evidence;
}

export const FACT_KINDS = ["budget", "timeline"] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** A fact about the deal in the customer's words: the budget (预算50万左右), the timeline (年底前要上线). */
export interface FactFinding {
  kind: FactKind;
  evidence: Evidence;
}

export interface Commitment {
  /** A normalised due form (today, next_wednesday, within_3d, month_end …) or an ISO date as written. */
  due: string;
  /** The due time resolved in Asia/Shanghai, as an ISO string with offset. */
  dueAt: string;
  by: Speaker;
  /**
   * Whether the step is ours to take (我说下周三前给他方案, 你今天之内给我个准话). The customer's own
   * schedule (他们老板下周一开会定, 下周签合同, 款下周一到账) is kept as the deal's next date but is no promise
   * of the rep's.
   */
  ours: boolean;
  evidence: Evidence;
}

export interface Extraction {
  tags: TagFinding[];
  objections: ObjectionFinding[];
  roles: RoleFinding[];
  contacts: ContactFinding[];
  demands: ItemFinding[];
  responses: ItemFinding[];
  closingActions: ClosingActionFinding[];
  competitors: CompetitorFinding[];
  facts: FactFinding[];
  commitment: Commitment | null;
  /**
   * The failed attempt (电话没打通, 没接, 已读不回) when that is all the message reports: no one was
   * reached, so it is no real interaction for the contact clocks. Null otherwise.
   */
  failedAttempt: Evidence | null;
  /** Which engines produced this result: the rules alone, or the rules merged with a model's answer. */
  engine: "rules" | "rules+model";
}

export interface Extractor {
  extract(input: ExtractionInput): Promise<Extraction>;
}

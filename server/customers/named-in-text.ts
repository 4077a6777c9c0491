import { type CustomerMention, findCustomerMentions, type NamedCustomer } from "./customer-matcher";
import { type CompanyName, findCompanyNames } from "./suggest-customer-name";

/** What a text names: customers Beat knows, and companies it does not. */
export interface NamedInText {
  mentions: CustomerMention[];
  /** The customers mentioned, once each, in the order found. */
  ids: number[];
  /** Whether a customer's name or alias stands in the text as written (not a loose match). */
  exact: boolean;
  /**
   * Companies the text names (杭州乳业, 苏州阀门厂) that are not the customers it names: a run that
   * reads like a company and that no exact or shortened name covers. A close match (温州阀门 for
   * 苏州阀门厂) covers nothing: one character off at the start is often another company. Offsets
   * are the mentions' (the text without its whitespace).
   */
  unknown: CompanyName[];
}

/** Offsets in the text with its whitespace taken out, as the customer matcher reads it. */
function withoutSpaces(text: string, index: number): number {
  return index - (text.slice(0, index).match(/\s/gu)?.length ?? 0);
}

/**
 * The one reading of which customers and companies a text names, shared by follow-ups, replies to
 * the bot's questions and the 客户 command, so that each finds the same customers.
 */
export function namedInText(text: string, customers: NamedCustomer[]): NamedInText {
  const mentions = findCustomerMentions(text, customers, { short: true });
  const covering = mentions.filter((m) => m.how !== "close");
  const unknown = findCompanyNames(text)
    .map((company) => ({
      ...company,
      start: withoutSpaces(text, company.start),
      end: withoutSpaces(text, company.end),
    }))
    .filter((company) => !covering.some((m) => m.start <= company.start && m.end >= company.end));

  return {
    mentions,
    ids: [...new Set(mentions.map((m) => m.customerId))],
    exact: mentions.some((m) => m.how === "exact"),
    unknown,
  };
}

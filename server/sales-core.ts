import type { CallSummary } from "./calls/call-summary";
import { recordCallSummary } from "./calls/record-call-summary";
import { answerCard } from "./cards/answer-card";
import { answerPending } from "./conversation/answer-pending";
import type { CoreDeps } from "./core-deps";
import { customerSummary } from "./customers/customer-summary";
import { newCustomer } from "./customers/new-customer";
import { linkByCommand, unlinkedExternalContacts } from "./external-contacts/link-by-command";
import {
  type ExternalContactInfo,
  linkExternalContact,
} from "./external-contacts/link-external-contact";
import { type FollowUp, logFollowUp } from "./interactions/log-follow-up";
import { oldestOpenItems } from "./interactions/oldest-open-items";
import { findPerson } from "./people/find-person";

/**
 * The sales core's commands with their dependencies bound: what the bot and the routes call. Each
 * command lives in its own file; this only hands them the database, the clock and the extractor.
 */
export function createSalesCore(deps: CoreDeps) {
  return {
    findPerson: (userid: string) => findPerson(deps.db, userid),
    logFollowUp: (input: FollowUp) => logFollowUp(deps, input),
    answerPending: (input: Parameters<typeof answerPending>[1]) => answerPending(deps, input),
    answerCard: (input: Parameters<typeof answerCard>[1]) => answerCard(deps, input),
    newCustomer: (input: Parameters<typeof newCustomer>[1]) => newCustomer(deps, input),
    customerSummary: (query: string) => customerSummary(deps, query),
    oldestOpenItems: (repUserid: string) => oldestOpenItems(deps, repUserid),
    recordCallSummary: (call: CallSummary) => recordCallSummary(deps, call),
    linkExternalContact: (input: {
      repUserid: string;
      externalUserid: string;
      changeType: string;
      info: ExternalContactInfo | null;
    }) => linkExternalContact(deps, input),
    linkByCommand: (input: { repUserid: string; text: string }) => linkByCommand(deps, input),
    unlinkedExternalContacts: (repUserid: string) => unlinkedExternalContacts(deps, repUserid),
  };
}

export type SalesCore = ReturnType<typeof createSalesCore>;

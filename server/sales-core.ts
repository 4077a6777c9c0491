import type { CallSummary } from "./calls/call-summary";
import { recordCallSummary } from "./calls/record-call-summary";
import { answerCard } from "./cards/answer-card";
import { answerPending } from "./conversation/answer-pending";
import type { CoreDeps } from "./core-deps";
import { customerDetail } from "./customers/customer-detail";
import { customerSummary } from "./customers/customer-summary";
import { newCustomer } from "./customers/new-customer";
import { buildDigests, redDotsOf } from "./digests/build-digests";
import { linkByCommand, unlinkedExternalContacts } from "./external-contacts/link-by-command";
import {
  type ExternalContactInfo,
  linkExternalContact,
} from "./external-contacts/link-external-contact";
import { contactHealth } from "./health/contact-health";
import { type FollowUp, logFollowUp } from "./interactions/log-follow-up";
import { countWaiting, waitingFollowUps } from "./interactions/waiting-follow-ups";
import { addAttachment } from "./opportunities/add-attachment";
import { createOpportunity } from "./opportunities/create-opportunity";
import { moveFromChat } from "./opportunities/move-from-chat";
import { moveStage } from "./opportunities/move-stage";
import { newOpportunityFromChat } from "./opportunities/new-opportunity-from-chat";
import { listOpportunities, opportunityDetail } from "./opportunities/opportunity-detail";
import { readAttachment } from "./opportunities/read-attachment";
import { stageForm } from "./opportunities/stage-form";
import { submitFields } from "./opportunities/submit-fields";
import { findPerson } from "./people/find-person";
import { currentPipeline } from "./pipeline/pipeline-store";
import { replacePipeline } from "./pipeline/replace-pipeline";
import { submitQuote } from "./quotes/submit-quote";
import { scanRedDots } from "./red-dots/scan-red-dots";
import { DEFAULT_RULES } from "./rule-settings";
import { personOfToken, startSession } from "./sessions/mp-sessions";
import { scanStageTimeouts } from "./timeouts/scan-stage-timeouts";
import { markAlertsQueued, pendingTimeoutAlerts } from "./timeouts/timeout-alerts";

type Viewer = Parameters<typeof opportunityDetail>[1];

/**
 * The sales core's commands with their dependencies bound: what the bot and the routes call. Each
 * command lives in its own file; this only hands them the database, the clock and the extractor.
 */
export function createSalesCore(deps: CoreDeps) {
  return {
    findPerson: (userid: string) => findPerson(deps.db, userid),
    logFollowUp: (input: FollowUp) => logFollowUp(deps, input),
    answerPending: (input: Parameters<typeof answerPending>[1]) => answerPending(deps, input),
    waitingFollowUps: (input: Parameters<typeof waitingFollowUps>[1]) =>
      waitingFollowUps(deps, input),
    countWaitingFollowUps: (repUserid: string) =>
      countWaiting(deps.db.dataSource.manager, repUserid),
    answerCard: (input: Parameters<typeof answerCard>[1]) => answerCard(deps, input),
    newCustomer: (input: Parameters<typeof newCustomer>[1]) => newCustomer(deps, input),
    customerSummary: (by: Viewer, query: string) => customerSummary(deps, by, query),
    customerDetail: (by: Viewer, id: number) => customerDetail(deps, by, id),
    recordCallSummary: (call: CallSummary) => recordCallSummary(deps, call),
    linkExternalContact: (input: {
      repUserid: string;
      externalUserid: string;
      changeType: string;
      info: ExternalContactInfo | null;
    }) => linkExternalContact(deps, input),
    linkByCommand: (input: { repUserid: string; text: string }) => linkByCommand(deps, input),
    unlinkedExternalContacts: (repUserid: string) => unlinkedExternalContacts(deps, repUserid),

    currentPipeline: () => currentPipeline(deps.db.dataSource.manager),
    replacePipeline: (input: Parameters<typeof replacePipeline>[1]) => replacePipeline(deps, input),
    createOpportunity: (input: Parameters<typeof createOpportunity>[1]) =>
      createOpportunity(deps, input),
    listOpportunities: (by: Viewer) => listOpportunities(deps, by),
    opportunityDetail: (by: Viewer, id: number) => opportunityDetail(deps, by, id),
    stageForm: (by: Viewer, id: number) => stageForm(deps, by, id),
    submitFields: (input: Parameters<typeof submitFields>[1]) => submitFields(deps, input),
    addAttachment: (input: Parameters<typeof addAttachment>[1]) => addAttachment(deps, input),
    readAttachment: (by: Viewer, id: number) => readAttachment(deps, by, id),
    moveStage: (input: Parameters<typeof moveStage>[1]) => moveStage(deps, input),
    moveFromChat: (input: Parameters<typeof moveFromChat>[1]) => moveFromChat(deps, input),
    newOpportunityFromChat: (input: Parameters<typeof newOpportunityFromChat>[1]) =>
      newOpportunityFromChat(deps, input),

    scanStageTimeouts: (now: Date) => scanStageTimeouts(deps, now),
    scanRedDots: (now: Date) => scanRedDots(deps, now),
    redDotsOf: (userid: string, now: Date, limit?: number) => redDotsOf(deps, userid, now, limit),
    buildDigests: (now: Date, health?: Parameters<typeof buildDigests>[2]) =>
      buildDigests(deps, now, health),
    /** Contact health over the configured window ending `now`, or over [from, to) for an export. */
    contactHealth: (range: { from: Date; to: Date } | Date) =>
      contactHealth(
        deps,
        range instanceof Date
          ? {
              from: new Date(
                range.getTime() - (deps.rules ?? DEFAULT_RULES).health.windowDays * 86_400_000,
              ),
              to: range,
            }
          : range,
      ),
    submitQuote: (input: Parameters<typeof submitQuote>[1]) => submitQuote(deps, input),
    pendingTimeoutAlerts: () => pendingTimeoutAlerts(deps),
    markAlertsQueued: (ids: number[]) => markAlertsQueued(deps, ids),

    startSession: (identity: { corpId: string; userid: string }, corpId: string) =>
      startSession(deps.db, identity, { corpId, now: deps.clock.now() }),
    personOfToken: (token: string | undefined) => personOfToken(deps.db, token, deps.clock.now()),
  };
}

export type SalesCore = ReturnType<typeof createSalesCore>;

import { expectReply } from "../conversation/rep-context-store";
import type { CoreDeps } from "../core-deps";
import { Person } from "../db/entities/person.entity";
import { landOnCustomer } from "../interactions/log-follow-up";
import type { LoggedInteraction } from "../interactions/log-outcome";
import { insertInteraction } from "../interactions/record-interaction";
import type { CallSummary } from "./call-summary";
import { findCallCustomer } from "./find-call-customer";

/** About half an hour of speech as text: what a summary or a normal call's transcript holds. */
export const MAX_EXTRACTED_CHARS = 20_000;

export type CallOutcome =
  | {
      kind: "recorded";
      interactionId: number;
      repUserid: string;
      durationSec: number;
      startedAt: Date;
      /** The last four digits of the number, so the rep can tell which call is meant; never logged. */
      phoneTail: string | null;
      /** The call on its customer; null when the customer could not be told from what was sent. */
      logged: LoggedInteraction | null;
    }
  | { kind: "unknown_rep" };

/**
 * Records a call summary as an interaction (once per call id), on its customer when one can be
 * found, and notes that the rep's next reply carries the call's key conclusions.
 */
export async function recordCallSummary(deps: CoreDeps, call: CallSummary): Promise<CallOutcome> {
  const rep = await deps.db.dataSource.getRepository(Person).findOneBy({ userid: call.repUserId });
  if (!rep) {
    return { kind: "unknown_rep" };
  }
  const occurredAt = new Date(call.startedAt);
  const text = call.summary ?? call.transcript ?? "";
  const extraction = await deps.extractor.extract({
    text,
    source: "call_summary",
    sentAt: occurredAt,
  });
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const customer = await findCallCustomer(manager, call);
    const { interaction, created } = await insertInteraction(
      manager,
      {
        sourceKey: `call:${call.callId}`,
        repUserid: rep.userid,
        source: "call_summary",
        text,
        occurredAt,
        extraction,
        customerId: customer?.id ?? null,
        status: customer ? "logged" : "awaiting_customer",
        durationSec: call.durationSec,
        phone: call.customer.phone ?? null,
      },
      now,
    );
    const logged = customer
      ? await landOnCustomer(manager, interaction, customer, {
          how: "exact",
          extraction,
          apply: created,
          now,
        })
      : null;
    if (created) {
      await expectReply(manager, rep.userid, "call_conclusions", interaction.id, now);
    }

    return {
      kind: "recorded",
      interactionId: interaction.id,
      repUserid: rep.userid,
      durationSec: call.durationSec,
      startedAt: occurredAt,
      phoneTail: call.customer.phone ? call.customer.phone.replace(/\D/g, "").slice(-4) : null,
      logged,
    };
  });
}

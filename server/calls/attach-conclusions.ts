import { expectReply, repContextOf } from "../conversation/rep-context-store";
import type { CoreDeps } from "../core-deps";
import { resolveCustomer } from "../customers/resolve-customer";
import { Customer } from "../db/entities/customer.entity";
import { Interaction } from "../db/entities/interaction.entity";
import type { Extraction } from "../extractor/extraction";
import { landOnCustomer } from "../interactions/log-follow-up";
import type { LoggedInteraction } from "../interactions/log-outcome";
import { signalCount } from "../interactions/signal-count";

export interface ConclusionsOutcome {
  callInteractionId: number;
  /** The call on its customer with the conclusions applied; null while the customer is unknown. */
  logged: LoggedInteraction | null;
  repeated: boolean;
}

/**
 * Attaches a rep's reply to the call Beat asked about (补充关键结论): the reply is kept as the call's
 * conclusions, read by the extractor, and written onto the customer. A call that came without a
 * recognisable customer takes it from the reply (通话是和华东某食品的).
 */
export async function attachCallConclusions(
  deps: CoreDeps,
  input: {
    repUserid: string;
    callInteractionId: number;
    text: string;
    at: Date;
    sourceKey: string;
  },
): Promise<ConclusionsOutcome> {
  const extraction = await deps.extractor.extract({
    text: input.text,
    source: "chat",
    sentAt: input.at,
  });
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const repo = manager.getRepository(Interaction);
    const call = await repo.findOneByOrFail({ id: input.callInteractionId });
    if (call.conclusionsSourceKey === input.sourceKey) {
      return { callInteractionId: call.id, logged: null, repeated: true };
    }
    let customer = call.customerId
      ? await manager.getRepository(Customer).findOneBy({ id: call.customerId })
      : null;
    if (!customer) {
      const resolution = await resolveCustomer(manager, {
        text: input.text,
        repUserid: input.repUserid,
        at: input.at,
      });
      customer =
        resolution.kind === "found" && resolution.how !== "context" ? resolution.customer : null;
    }
    call.conclusions = input.text;
    call.conclusionsAt = input.at;
    call.conclusionsSourceKey = input.sourceKey;
    call.conclusionsExtraction = extraction;
    call.signalCount += signalCount(extraction);
    const landsNow = customer !== null && call.customerId === null;
    if (customer) {
      call.customerId = customer.id;
      call.status = "logged";
    }
    await repo.save(call);
    // The call is answered; a follow-up that waits for its customer keeps the rep's next reply.
    if ((await repContextOf(manager, input.repUserid)).awaiting === "call_conclusions") {
      await expectReply(manager, input.repUserid, null, null, now);
    }
    if (!customer) {
      return { callInteractionId: call.id, logged: null, repeated: false };
    }
    // A call that only now found its customer brings its own summary's findings along.
    const apply: Extraction[] = landsNow ? [call.extraction, extraction] : [extraction];
    let logged: LoggedInteraction | null = null;
    for (const part of apply) {
      logged = await landOnCustomer(
        manager,
        { ...call, occurredAt: part === extraction ? input.at : call.occurredAt },
        customer,
        { how: "exact", extraction: part, apply: true, now },
      );
    }

    return { callInteractionId: call.id, logged, repeated: false };
  });
}

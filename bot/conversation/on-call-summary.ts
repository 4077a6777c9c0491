import { callSummarySchema } from "../../server/calls/call-summary";
import { renderCallRecorded } from "../renderers/call-recorded";
import type { DeliveryContext } from "./delivery-context";

/** A call summary the phone system posted: recorded on its customer, then the rep is asked to add to it. */
export async function onCallSummary(payload: string, ctx: DeliveryContext): Promise<void> {
  // The route validated it before storing; parsing again here keeps the stored row the only input.
  const call = callSummarySchema.parse(JSON.parse(payload));
  const outcome = await ctx.core.recordCallSummary(call);
  if (outcome.kind === "unknown_rep") {
    ctx.log.warn(
      { reason: "unknown_rep" },
      "call summary for someone not on the team; kept, not logged",
    );
    return;
  }
  ctx.log.info(
    { interaction: outcome.interactionId, customer: outcome.logged?.customer.id ?? null },
    "call summary recorded",
  );
  await ctx.send(outcome.repUserid, renderCallRecorded(outcome), "ask_conclusions");
}

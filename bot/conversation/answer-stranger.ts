import { renderStranger } from "../renderers/acknowledgement";
import type { DeliveryContext } from "./delivery-context";

const HOUR = 3_600_000;

/**
 * Tells a WeCom member who is not on the imported team that nothing was recorded, once an hour at
 * most: the first message gets the answer, and a burst of them does not get the same answer back
 * each time (nor fill the outbox for one person past WeCom's limits).
 */
export async function answerStranger(userid: string, ctx: DeliveryContext): Promise<void> {
  ctx.log.info({ reason: "unknown_user" }, "chat message from someone not on the team");
  const hour = Math.floor(ctx.clock.now().getTime() / HOUR);
  await ctx.sendOnce(userid, renderStranger(), `stranger:${userid}:${hour}`);
}

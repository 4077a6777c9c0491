import { renderExternalContact } from "../renderers/external-contact";
import type { EventHandler } from "./delivery-context";

/**
 * A rep added, changed or lost a WeChat contact (客户联系, change_external_contact). Beat asks WeCom
 * who the contact is and ties them to a customer when it can; otherwise the rep is asked to.
 */
export const onExternalContact: EventHandler<"change_external_contact"> = async (event, ctx) => {
  if (!event.userId || !event.externalUserId) {
    ctx.log.warn({ change: event.changeType }, "customer-contact event without its ids; ignored");
    return;
  }
  const person = await ctx.core.findPerson(event.userId);
  if (!person) {
    ctx.log.info(
      { reason: "unknown_user", change: event.changeType },
      "customer-contact event for someone not on the team",
    );
    return;
  }
  const adds = event.changeType.startsWith("add_") || event.changeType === "edit_external_contact";
  const info = adds ? await ctx.lookupExternalContact(event.externalUserId, person.userid) : null;
  const outcome = await ctx.core.linkExternalContact({
    repUserid: person.userid,
    externalUserid: event.externalUserId,
    changeType: event.changeType,
    info,
  });
  ctx.log.info({ change: event.changeType, outcome: outcome.kind }, "customer contact recorded");
  const message = renderExternalContact(outcome);
  // An edit that changed nothing Beat shows needs no message; a new contact always gets one.
  if (message && (event.changeType !== "edit_external_contact" || outcome.kind === "linked")) {
    await ctx.send(person.userid, message, "reply");
  }
};

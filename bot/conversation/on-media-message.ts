import { renderAcknowledgement, renderStranger } from "../renderers/acknowledgement";
import type { EventHandler } from "./delivery-context";

type MediaType = "image" | "voice" | "video" | "location" | "link";

/**
 * Pictures, voice, video, locations and links in chat. They are kept in the inbox as received and
 * acknowledged; evidence and check-ins go through the mini-program's forms, which tie them to a deal.
 */
export const onMediaMessage: EventHandler<MediaType> = async (event, ctx) => {
  const person = await ctx.core.findPerson(event.fromUser);
  if (!person) {
    ctx.log.info({ reason: "unknown_user" }, "chat message from someone not on the team");
    await ctx.send(event.fromUser, renderStranger(), "stranger");
    return;
  }

  await ctx.send(person.userid, renderAcknowledgement(event.type, person.name), "ack");
};

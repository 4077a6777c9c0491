import { renderAcknowledgement } from "../renderers/acknowledgement";
import { answerStranger } from "./answer-stranger";
import type { EventHandler } from "./delivery-context";

type MediaType = "image" | "voice" | "video" | "location" | "link";

/**
 * Pictures, voice, video, locations and links in chat. They are kept in the inbox as received and
 * acknowledged; evidence and check-ins go through the mini-program's forms, which tie them to a deal.
 */
export const onMediaMessage: EventHandler<MediaType> = async (event, ctx) => {
  const person = await ctx.core.findPerson(event.fromUser);
  if (!person) {
    await answerStranger(event.fromUser, ctx);
    return;
  }

  await ctx.send(person.userid, renderAcknowledgement(event.type, person.name), "ack");
};

import { renderAcknowledgement, renderStranger } from "../renderers/acknowledgement";
import type { EventHandler } from "./delivery-context";

type ChatType = "text" | "image" | "voice" | "video" | "location" | "link";

/**
 * A rep's chat message. For now the bot only acknowledges; the conversation (commands, logging a
 * follow-up on a customer) grows here as the sales core arrives.
 */
export const onChatMessage: EventHandler<ChatType> = async (event, ctx) => {
  const person = await ctx.findPerson(event.fromUser);
  if (!person) {
    ctx.log.info({ reason: "unknown_user" }, "chat message from someone not on the team");
    await ctx.reply(event.fromUser, renderStranger());
    return;
  }

  await ctx.reply(person.userid, renderAcknowledgement(event.type, person.name));
};

import { clip } from "../../miniprogram/shared/words";
import { renderFinishedLog, renderTypeTheName } from "../renderers/pending-replies";
import { renderQuoteDecision } from "../renderers/quote-replies";
import { renderTimeoutAnswer, timeoutReplaceName } from "../renderers/timeout-replies";
import type { EventHandler } from "./delivery-context";

/**
 * A tap on one of Beat's cards. The core decides what it means; here the card's buttons are greyed
 * out with what happened (WeCom doc 94888) and the rep gets the answer in chat.
 */
export const onCardEvent: EventHandler<"template_card_event"> = async (event, ctx) => {
  const answer = await ctx.core.answerCard({
    taskId: event.taskId,
    userid: event.fromUser,
    key: event.eventKey,
  });
  ctx.log.info(
    {
      card: event.taskId,
      answer: answer.kind,
      ...(answer.kind === "ignored" ? { reason: answer.reason } : {}),
    },
    "card tap handled",
  );
  if (answer.kind === "ignored") {
    return;
  }
  if (answer.kind === "quote_decided") {
    if (event.responseCode) {
      await ctx.updateCard(
        event.fromUser,
        event.responseCode,
        answer.approved ? "已批准" : "未批准",
      );
    }
    for (const reply of renderQuoteDecision(answer)) {
      await ctx.send(reply.touser, reply.message, reply.key);
    }
    return;
  }
  if (answer.kind !== "logged" && answer.kind !== "dismissed" && answer.kind !== "already") {
    // A tap on a stage-timeout card or one of its follow-ups. "fill" leaves the card as it is, so it
    // can be tapped again after the rep has looked.
    if (event.responseCode && answer.kind !== "stage_checklist") {
      await ctx.updateCard(event.fromUser, event.responseCode, timeoutReplaceName(answer));
    }
    for (const reply of renderTimeoutAnswer(answer, event.fromUser)) {
      await ctx.send(reply.touser, reply.message, reply.key);
    }
    return;
  }
  const replaceName =
    answer.kind === "logged"
      ? `已记到${clip(answer.logged.customer.name, 8)}`
      : answer.kind === "dismissed"
        ? "请回复客户名称"
        : "已处理";
  if (event.responseCode) {
    await ctx.updateCard(event.fromUser, event.responseCode, replaceName);
  }
  if (answer.kind === "logged") {
    const heading = answer.logged.createdCustomer
      ? `已新建客户【${answer.logged.customer.name}】。`
      : undefined;
    await ctx.send(event.fromUser, renderFinishedLog(answer.logged, heading), "reply");
  } else if (answer.kind === "dismissed") {
    await ctx.send(event.fromUser, renderTypeTheName(), "reply");
  }
};

import type { Person } from "../../server/db/entities/person.entity";
import type { LogOutcome } from "../../server/interactions/log-outcome";
import { renderCreateCustomerCard, renderPickCustomerCard } from "../renderers/customer-cards";
import { renderCustomerOutOfReach, renderCustomerSummary } from "../renderers/customer-summary";
import { renderRepDigest } from "../renderers/digest-messages";
import {
  renderExternalContact,
  renderUnlinked,
  unlinkedLines,
} from "../renderers/external-contact";
import { renderHealth } from "../renderers/health-message";
import { renderAcknowledged, renderHelp, renderNothingToLog, renderUsage } from "../renderers/help";
import { renderLogged } from "../renderers/logged-reply";
import { renderChatMove, renderNewOpportunity } from "../renderers/opportunity-replies";
import {
  renderConclusions,
  renderCustomerCandidates,
  renderFinishedLog,
  renderNewCustomer,
  renderNoSuchCustomer,
  renderUnknownName,
  renderWaiting,
  renderWhichCustomer,
  waitingCountLine,
} from "../renderers/pending-replies";
import type { OutgoingMessage } from "../wecom-client";
import { answerStranger } from "./answer-stranger";
import type { DeliveryContext, EventHandler } from "./delivery-context";
import { type Command, parseCommand } from "./parse-command";
import { visibleText } from "./visible-text";
import { onlyAcknowledges, worthLogging } from "./worth-logging";

/** A line under a text message (the 今天 answer gets the count of follow-ups still waiting). */
function withLine(message: OutgoingMessage, line: string | null): OutgoingMessage {
  return line && message.msgtype === "text"
    ? { msgtype: "text", text: { content: `${message.text.content}\n${line}` } }
    : message;
}

/** The answer to a command, or null when a loose 客户… turned out to be a follow-up. */
async function runCommand(
  command: Command,
  person: { userid: string; role: Person["role"] },
  at: Date,
  ctx: DeliveryContext,
): Promise<OutgoingMessage | null> {
  const { userid } = person;
  switch (command.name) {
    case "help":
      return renderHelp();
    case "usage":
      return renderUsage(command.of);
    case "today":
      return withLine(
        renderRepDigest(await ctx.core.redDotsOf(userid, ctx.clock.now()), ctx.clock.now(), false),
        waitingCountLine(await ctx.core.countWaitingFollowUps(userid)),
      );
    case "health":
      return renderHealth(person, await ctx.core.contactHealth(ctx.clock.now()));
    case "unlinked": {
      const contacts = await ctx.core.unlinkedExternalContacts(userid);
      const waiting = await ctx.core.waitingFollowUps({ repUserid: userid, at });
      return waiting.count > 0
        ? renderWaiting(waiting, unlinkedLines(contacts))
        : renderUnlinked(contacts);
    }
    case "link":
      return renderExternalContact(
        await ctx.core.linkByCommand({ repUserid: userid, text: command.arg }),
      );
    case "new_opportunity":
      return renderNewOpportunity(
        await ctx.core.newOpportunityFromChat({ repUserid: userid, text: command.arg }),
      );
    case "new_customer":
      return renderNewCustomer(
        await ctx.core.newCustomer({ repUserid: userid, name: command.arg, at }),
      );
    case "customer": {
      const found = await ctx.core.customerSummary(person, command.arg);
      if (found.kind === "found" && (found.wholeText || !command.loose)) {
        return renderCustomerSummary(found.summary);
      }
      if (found.kind === "forbidden" && (found.wholeText || !command.loose)) {
        return renderCustomerOutOfReach();
      }
      if (command.loose) {
        return null;
      }
      return found.kind === "ambiguous"
        ? renderCustomerCandidates(
            command.arg,
            found.candidates.map((c) => c.name),
          )
        : renderNoSuchCustomer(command.arg, found.kind === "none" ? found.similar : []);
    }
  }
}

function renderLogOutcome(outcome: LogOutcome, text: string): OutgoingMessage {
  switch (outcome.kind) {
    case "logged":
      return renderLogged(outcome.logged);
    case "ambiguous":
      return renderPickCustomerCard(outcome.pending, text, outcome.candidates, outcome.createName);
    case "unknown":
      return outcome.suggestedName && outcome.pending.card
        ? renderCreateCustomerCard(
            outcome.pending,
            text,
            outcome.suggestedName,
            outcome.contextCustomer?.name ?? null,
          )
        : renderWhichCustomer(outcome.pending.othersWaiting);
  }
}

/**
 * A rep's text: a command, the answer to what the bot last asked (a call's conclusions, a customer's
 * name), or a follow-up to log on a customer.
 */
export const onTextMessage: EventHandler<"text"> = async (event, ctx) => {
  const person = await ctx.core.findPerson(event.fromUser);
  if (!person) {
    await answerStranger(event.fromUser, ctx);
    return;
  }
  // When the rep sent it, which relative dates (明天, 下周三) are read from; WeCom always sends it.
  const at = event.createTime > 0 ? new Date(event.createTime * 1000) : ctx.clock.now();
  // Everything below reads `text`, never event.content: invisible characters are gone from it.
  const text = visibleText(event.content);
  const command = parseCommand(text);
  if (command) {
    const answer = await runCommand(command, person, at, ctx);
    if (answer) {
      ctx.log.info({ command: command.name }, "chat command answered");
      await ctx.send(person.userid, answer, "reply");
      return;
    }
  }
  if (!worthLogging(text)) {
    const answer = onlyAcknowledges(text) ? renderAcknowledged() : renderNothingToLog();
    await ctx.send(person.userid, answer, "reply");
    return;
  }
  const sourceKey = `wecom:${ctx.deliveryKey}`;
  const pending = await ctx.core.answerPending({
    repUserid: person.userid,
    text,
    at,
    sourceKey,
  });
  if (pending) {
    ctx.log.info({ answered: pending.kind }, "reply read as the answer to the bot's question");
    const answer =
      pending.kind === "conclusions"
        ? renderConclusions(pending.outcome)
        : pending.kind === "unknown_name"
          ? renderUnknownName(pending.name)
          : pending.kind === "which_name"
            ? renderCustomerCandidates(pending.name, pending.candidates)
            : renderFinishedLog(pending.logged);
    if (answer) {
      await ctx.send(person.userid, answer, "reply");
    }
    return;
  }

  const outcome = await ctx.core.logFollowUp({
    repUserid: person.userid,
    text,
    source: "chat",
    occurredAt: at,
    sourceKey,
  });
  ctx.log.info(
    {
      outcome: outcome.kind,
      ...(outcome.kind === "logged" ? { customer: outcome.logged.customer.id } : {}),
    },
    "follow-up handled",
  );
  await ctx.send(person.userid, renderLogOutcome(outcome, text), "reply");
  if (outcome.kind === "logged" && !outcome.logged.repeated) {
    // A follow-up that says the deal moved (…进合同审批) gets the gate's answer as a second message.
    const move = await ctx.core.moveFromChat({
      repUserid: person.userid,
      customerId: outcome.logged.customer.id,
      text,
    });
    const answer = renderChatMove(move);
    if (answer) {
      ctx.log.info({ move: move.kind }, "stage move asked in chat");
      await ctx.send(person.userid, answer, "gate");
    }
  }
};

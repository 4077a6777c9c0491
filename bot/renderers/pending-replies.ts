import { clip, shanghaiTime } from "../../miniprogram/shared/words";
import type { ConclusionsOutcome } from "../../server/calls/attach-conclusions";
import type { NewCustomerOutcome } from "../../server/customers/new-customer";
import type { FinishedLog } from "../../server/interactions/finish-pending-log";
import type { NextWaiting, WaitingFollowUps } from "../../server/interactions/waiting-follow-ups";
import type { OutgoingMessage } from "../wecom-client";
import { renderLogged } from "./logged-reply";
import { textMessage } from "./text-message";

/** One line saying how many other follow-ups wait, and where to see them; null when none do. */
export function othersWaitingLine(othersWaiting: number): string | null {
  return othersWaiting > 0
    ? `另有 ${othersWaiting} 条跟进也在等客户名称，发「待关联」查看。`
    : null;
}

/** Under 今天: how many follow-ups still wait for a customer; null when none do. */
export function waitingCountLine(count: number): string | null {
  return count > 0 ? `还有 ${count} 条跟进没对上客户，发「待关联」查看。` : null;
}

/**
 * For a follow-up that named no customer Beat knows, and nothing that looks like a company. The rep's
 * next reply places this one; others waiting are asked about in turn, so none is forgotten.
 */
export function renderWhichCustomer(othersWaiting = 0): OutgoingMessage {
  return textMessage([
    "这条跟进先记下了，但没认出是哪个客户。",
    "直接回复客户名称即可；新客户请发「新客户 名称」。",
    othersWaitingLine(othersWaiting),
  ]);
}

/** After a waiting follow-up landed: the next one the bot asks about, quoted, when more wait. */
export function stillWaitingLines(stillWaiting: NextWaiting | null): string[] {
  if (!stillWaiting) {
    return [];
  }

  return [
    `还有 ${stillWaiting.count} 条跟进没对上客户。下一条（${shanghaiTime(stillWaiting.next.occurredAt)}）：`,
    `「${clip(stillWaiting.next.text, 40)}」`,
    "直接回复它的客户名称；发「待关联」看全部。",
  ];
}

/** A waiting follow-up that found its customer, and the next one asked about. */
export function renderFinishedLog(finished: FinishedLog, heading?: string): OutgoingMessage {
  const message = renderLogged(finished, heading) as { msgtype: "text"; text: { content: string } };
  const more = stillWaitingLines(finished.stillWaiting);
  if (more.length > 0) {
    message.text.content += `\n${more.join("\n")}`;
  }

  return message;
}

/**
 * 待关联: the follow-ups still waiting for a customer, newest first (the rep's next reply places the
 * first), and then the WeChat contacts no customer claims. `contacts` are lines already worded.
 */
export function renderWaiting(
  waiting: WaitingFollowUps & { asking: boolean },
  contacts: string[],
): OutgoingMessage {
  return textMessage([
    `有 ${waiting.count} 条跟进还没对上客户` +
      `${waiting.count > waiting.items.length ? `（最近 ${waiting.items.length} 条）` : ""}：`,
    ...waiting.items.map(
      (item, i) => `  ${i + 1}. ${shanghaiTime(item.occurredAt)}「${clip(item.text, 30)}」`,
    ),
    waiting.asking
      ? "直接回复客户名称，先记第 1 条，记完我再问下一条；新客户请发「新客户 名称」。"
      : "先回复刚才那通电话的关键结论，再回复客户名称逐条关联。",
    ...(contacts.length > 0 ? ["", ...contacts] : []),
  ]);
}

/** After "none of these" on a card. */
export function renderTypeTheName(): OutgoingMessage {
  return textMessage(["好的。请直接回复客户名称；新客户请发「新客户 名称」。"]);
}

export function renderNewCustomer(outcome: NewCustomerOutcome): OutgoingMessage {
  if (outcome.kind === "similar") {
    return textMessage([
      `已经有相近的客户：${outcome.similar.join("、")}。`,
      `如果「${outcome.name}」确实是另一家，发「新客户 ${outcome.name} 确认」。`,
    ]);
  }
  if (outcome.kind === "exists") {
    return textMessage([
      `客户【${outcome.customer.name}】已经有了，没有重复创建。`,
      `查看请发「客户 ${outcome.customer.name}」。`,
    ]);
  }
  const [first, ...more] = outcome.pendingLogged;
  if (first) {
    const logged = renderLogged(first, `已新建客户【${outcome.customer.name}】。`) as {
      msgtype: "text";
      text: { content: string };
    };
    if (more.length > 0) {
      logged.text.content += `\n另有 ${more.length} 条等待归属的跟进也记到了这个客户。`;
    }
    const stillWaiting = stillWaitingLines(outcome.pendingLogged.at(-1)?.stillWaiting ?? null);
    if (stillWaiting.length > 0) {
      logged.text.content += `\n${stillWaiting.join("\n")}`;
    }
    return logged;
  }

  return textMessage([`已新建客户【${outcome.customer.name}】，负责人是你。`]);
}

export function renderCustomerCandidates(query: string, names: string[]): OutgoingMessage {
  return textMessage([
    `「${clip(query, 20)}」对得上 ${names.length} 个客户：${names.join("、")}`,
    "请用完整的名称再发一次。",
  ]);
}

export function renderNoSuchCustomer(query: string, similar: string[] = []): OutgoingMessage {
  return textMessage([
    `没找到客户「${clip(query, 20)}」。新客户请发「新客户 名称」。`,
    similar.length > 0 && `名字相近的客户：${similar.join("、")}`,
  ]);
}

/** The answer to a rep's key conclusions for a call. */
export function renderConclusions(outcome: ConclusionsOutcome): OutgoingMessage | null {
  if (outcome.repeated) {
    return null;
  }
  if (!outcome.logged) {
    return textMessage([
      "通话结论已补充，但还没认出是哪个客户的通话。",
      "请回复客户名称；新客户请发「新客户 名称」。",
    ]);
  }

  return renderLogged(outcome.logged, "通话结论已补充。");
}

/** A waiting follow-up got a company's name that is no customer yet. */
export function renderUnknownName(name: string): OutgoingMessage {
  return textMessage([
    `还没有叫「${clip(name, 20)}」的客户。`,
    `是新客户就发「新客户 ${clip(name, 20)}」，刚才那条跟进会一起记上。`,
  ]);
}

import { clip } from "../../miniprogram/shared/words";
import type { ConclusionsOutcome } from "../../server/calls/attach-conclusions";
import type { NewCustomerOutcome } from "../../server/customers/new-customer";
import type { OutgoingMessage } from "../wecom-client";
import { renderLogged } from "./logged-reply";
import { textMessage } from "./text-message";

/** For a follow-up that named no customer Beat knows, and nothing that looks like a company. */
export function renderWhichCustomer(): OutgoingMessage {
  return textMessage([
    "这条跟进先记下了，但没认出是哪个客户。",
    "直接回复客户名称即可；新客户请发「新客户 名称」。",
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
  const [first, ...more] = outcome.pendingLogged;
  if (first) {
    const logged = renderLogged(
      first,
      outcome.created ? `已新建客户【${outcome.customer.name}】。` : undefined,
    ) as { msgtype: "text"; text: { content: string } };
    if (more.length > 0) {
      logged.text.content += `\n另有 ${more.length} 条等待归属的跟进也记到了这个客户。`;
    }
    return logged;
  }

  return textMessage([
    outcome.created
      ? `已新建客户【${outcome.customer.name}】，负责人是你。`
      : `客户【${outcome.customer.name}】已经有了，没有重复创建。`,
  ]);
}

export function renderCustomerCandidates(query: string, names: string[]): OutgoingMessage {
  return textMessage([
    `「${clip(query, 20)}」对得上 ${names.length} 个客户：${names.join("、")}`,
    "请用完整的名称再发一次。",
  ]);
}

export function renderNoSuchCustomer(query: string): OutgoingMessage {
  return textMessage([`没找到客户「${clip(query, 20)}」。新客户请发「新客户 名称」。`]);
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

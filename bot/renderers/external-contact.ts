import type { ExternalContact } from "../../server/db/entities/external-contact.entity";
import type { LinkCommandOutcome } from "../../server/external-contacts/link-by-command";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

/** How the rep refers to a WeChat contact; one WeCom would not name goes by its number (联系人#12). */
const label = (row: ExternalContact) => row.remark ?? row.name ?? `联系人#${row.id}`;

/** What happened to a WeChat contact a rep added, or to their 关联 command. */
export function renderExternalContact(outcome: LinkCommandOutcome): OutgoingMessage | null {
  switch (outcome.kind) {
    case "linked":
      return textMessage([
        `微信联系人「${label(outcome.row)}」已关联到客户【${outcome.customer.name}】` +
          (outcome.contactName ? `，联系人 ${outcome.contactName}。` : "。"),
      ]);
    case "unlinked":
      return textMessage([
        `新加的微信联系人「${label(outcome.row)}」还没对上客户。`,
        `回复「关联 ${label(outcome.row)} 客户名称」把它关联上。`,
      ]);
    case "no_such_contact":
      return textMessage(["没找到这个微信联系人。发「待关联」看看还有哪些没关联。"]);
    case "no_such_customer":
      return textMessage(["没找到这个客户。新客户请先发「新客户 名称」。"]);
    case "ambiguous_customer":
      return textMessage([
        `对得上 ${outcome.candidates.length} 个客户：${outcome.candidates.map((c) => c.name).join("、")}，请用完整名称。`,
      ]);
    default:
      return null;
  }
}

/** 待关联: the rep's WeChat contacts no customer claims yet. */
export function renderUnlinked(rows: ExternalContact[]): OutgoingMessage {
  if (rows.length === 0) {
    return textMessage(["所有微信联系人都已关联到客户。"]);
  }

  return textMessage(unlinkedLines(rows));
}

/** The lines of 待关联 about WeChat contacts, to stand under the waiting follow-ups; none when none. */
export function unlinkedLines(rows: ExternalContact[]): string[] {
  if (rows.length === 0) {
    return [];
  }

  return [
    `还有 ${rows.length} 个微信联系人没关联客户：`,
    ...rows
      .slice(0, 10)
      .map((row) => `  ${label(row)}${row.corpName ? `（${row.corpName}）` : ""}`),
    "回复「关联 联系人 客户名称」逐个关联。",
  ];
}

import { clip } from "../../miniprogram/shared/words";
import type { PendingLog } from "../../server/interactions/log-outcome";
import type { OutgoingMessage } from "../wecom-client";

/** WeCom shows about ten characters of a button's text (doc 90236, button_list.text). */
const BUTTON_CHARS = 10;

function buttons(card: NonNullable<PendingLog["card"]>) {
  return card.options.map((option, index) => ({
    text: clip(option.label, BUTTON_CHARS),
    // Style 1 is the filled (primary) button; the last, "none of these", is a plain one.
    style: index === card.options.length - 1 ? 2 : 1,
    key: option.key,
  }));
}

/** Asks which of several matching customers a follow-up is about; one button per candidate. */
export function renderPickCustomerCard(
  pending: PendingLog,
  text: string,
  candidates: { name: string }[],
  createName: string | null,
): OutgoingMessage {
  const card = pending.card as NonNullable<PendingLog["card"]>;
  const desc = createName
    ? `「${clip(createName, 12)}」不在客户里，名字相近的有 ${candidates.length} 个`
    : `有 ${candidates.length} 个客户对得上；说到几家的请分开发`;

  return {
    msgtype: "template_card",
    template_card: {
      card_type: "button_interaction",
      task_id: card.taskId,
      main_title: { title: "这条跟进记到哪个客户？", desc },
      sub_title_text: clip(text, 80),
      horizontal_content_list: candidates.slice(0, 6).map((c, i) => ({
        keyname: `客户${i + 1}`,
        value: clip(c.name, 30),
      })),
      button_list: buttons(card),
    },
  };
}

/**
 * Offers to create the customer a follow-up names when no known customer matches it; and, when the
 * rep spoke of a customer a moment ago, to put it there instead (a button of its own).
 */
export function renderCreateCustomerCard(
  pending: PendingLog,
  text: string,
  suggestedName: string,
  contextName: string | null = null,
): OutgoingMessage {
  const card = pending.card as NonNullable<PendingLog["card"]>;
  const desc = contextName
    ? `要新建这个客户，还是记到刚才的【${clip(contextName, 12)}】？`
    : "要新建这个客户吗？";

  return {
    msgtype: "template_card",
    template_card: {
      card_type: "button_interaction",
      task_id: card.taskId,
      main_title: { title: `没找到客户「${clip(suggestedName, 20)}」`, desc },
      sub_title_text: clip(text, 80),
      button_list: buttons(card),
    },
  };
}

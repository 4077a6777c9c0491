import { clip, moneyWords } from "../../miniprogram/shared/words";
import type { QuoteCardAnswer } from "../../server/quotes/answer-quote-card";
import type { QuoteSubmitted } from "../../server/quotes/submit-quote";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";
import type { Reply } from "./timeout-replies";

/** The manager's approval card for a submitted quote. */
export function renderQuoteApproval(submitted: QuoteSubmitted): OutgoingMessage {
  const q = submitted.quote;

  return {
    msgtype: "template_card",
    template_card: {
      card_type: "button_interaction",
      task_id: submitted.approval.taskId,
      main_title: {
        title: clip(`报价审批：${submitted.opportunityName}`, 26),
        desc: `${submitted.rep.name}提交`,
      },
      horizontal_content_list: [
        { keyname: "客户", value: clip(submitted.customerName, 30) },
        { keyname: "金额", value: moneyWords(q.amountFen) },
        ...(q.discountPct !== null ? [{ keyname: "折扣", value: `${q.discountPct}%` }] : []),
        { keyname: "有效期至", value: q.validUntil },
      ],
      button_list: submitted.approval.options.map((o, i) => ({
        text: o.label,
        style: i === 0 ? 1 : 2,
        key: o.key,
      })),
    },
  };
}

/** Who hears of a manager's decision on a quote: the rep, and finance when approved. */
export function renderQuoteDecision(answer: QuoteCardAnswer): Reply[] {
  const what = `【${answer.opportunityName}】${moneyWords(answer.amountFen)}的报价`;

  return [
    {
      touser: answer.repUserid,
      key: "decision",
      message: textMessage([
        answer.approved
          ? `${answer.managerName}批准了${what}。`
          : `${answer.managerName}没有批准${what}。`,
      ]),
    },
    ...answer.finance.map((userid) => ({
      touser: userid,
      key: "finance",
      message: textMessage([`${answer.managerName}批准了${what}，请登记。`]),
    })),
  ];
}

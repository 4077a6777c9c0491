import { clip, moneyWords } from "../../miniprogram/shared/words";
import type { ChatMoveOutcome } from "../../server/opportunities/move-from-chat";
import type { NewOpportunityOutcome } from "../../server/opportunities/new-opportunity-from-chat";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

const yuan = (fen: number | null) => (fen === null ? "金额未填" : moneyWords(fen));

/** Why an amount opened no deal, and how to write one. */
function renderBadAmount(
  outcome: Extract<NewOpportunityOutcome, { kind: "bad_amount" }>,
): OutgoingMessage {
  const said = clip(outcome.said, 20);
  const why = {
    negative: `金额「${said}」是负数`,
    too_large: `金额「${said}」超过了上限 ${outcome.maxYuan / 100_000_000} 亿元`,
    not_positive: `金额「${said}」不对，金额要大于 0`,
    unreadable: `金额「${said}」没看懂`,
  }[outcome.problem];

  return textMessage([
    `${why}，商机没有建。`,
    outcome.problem === "unreadable"
      ? "金额这样写：35万、350000 或 35.5万元，例如：新商机 恒润食品 35万"
      : "请核对后再发，例如：新商机 恒润食品 35万",
  ]);
}

/** 新商机: what was opened, or why not. */
export function renderNewOpportunity(outcome: NewOpportunityOutcome): OutgoingMessage {
  switch (outcome.kind) {
    case "created":
      return textMessage([
        `已建商机【${outcome.opportunity.name}】，${yuan(outcome.opportunity.amountFen)}，阶段：${outcome.stageName}。`,
        "各阶段要的字段和附件在小程序「商机详情」里填。",
      ]);
    case "exists":
      return textMessage([
        `【${outcome.opportunity.name}】已有进行中的商机，${yuan(outcome.opportunity.amountFen)}，` +
          `阶段：${outcome.stageName}，没有再建。`,
        `确实要再开一个，请发「${clip(outcome.again, 60)}」`,
      ]);
    case "no_customer":
      return textMessage([
        `没找到客户「${clip(outcome.query, 20)}」。先发「新客户 名称」建客户。`,
        outcome.similar.length > 0 && `名字相近的客户：${outcome.similar.join("、")}`,
      ]);
    case "bad_amount":
      return renderBadAmount(outcome);
    case "ambiguous":
      return textMessage([
        `对得上 ${outcome.names.length} 个客户：${outcome.names.join("、")}，请用完整名称。`,
      ]);
  }
}

/** The gate's answer when a rep says in chat that a deal moved: moved, or exactly what is missing. */
export function renderChatMove(outcome: ChatMoveOutcome): OutgoingMessage | null {
  switch (outcome.kind) {
    case "no_move":
      return null;
    case "no_opportunity":
      return textMessage([
        `这个客户还没有进行中的商机，没法推进到${outcome.targetName}。发「新商机 客户 金额」建一个。`,
      ]);
    case "moved":
      return textMessage([
        `【${outcome.opportunityName}】已从${outcome.fromName}推进到${outcome.toName}。`,
      ]);
    case "refused":
      return textMessage([`【推进没有成功】${outcome.message}`]);
    case "blocked": {
      const lines = outcome.missing.map((m) => {
        if (m.kind === "attachment") {
          return `· ${m.label}（附件）：在小程序上传`;
        }
        if (!m.suggestion) {
          return `· ${m.label}：还没填`;
        }
        const value =
          typeof m.suggestion.value === "object" ? m.suggestion.source : String(m.suggestion.value);
        return `· ${m.label}：${clip(value, 30)}（从「${clip(m.suggestion.source, 24)}」读到，待你确认）`;
      });
      return textMessage([
        `要进${outcome.toName}，【${outcome.opportunityName}】的${outcome.fromName}还缺 ${outcome.missing.length} 项：`,
        ...lines,
        "小程序「商机详情」里已按这些预填，确认提交后就能推进。",
      ]);
    }
  }
}

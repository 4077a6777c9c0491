import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

/** 帮助: what the bot understands, in the words a rep types. */
export function renderHelp(): OutgoingMessage {
  return textMessage([
    "直接说发生了什么，我来记：",
    "  例：下午拜访了华东某食品，见了采购王经理，客户说价格太高，下周三前给报价",
    "命令：",
    "  今天 — 今天要先关的红点",
    "  健康度 — 客户接触健康度（销售看自己，主管看团队）",
    "  客户 名称 — 客户概况、未回应的需求和异议、最近三次跟进",
    "  新客户 名称 — 建一个新客户",
    "  新商机 客户 金额 — 建一个商机",
    "  待关联 — 还没对上客户的跟进和微信联系人",
    "  关联 联系人 客户 — 把微信联系人关联到客户",
    "  帮助 — 这条说明",
  ]);
}

const USAGE: Record<string, string> = {
  新客户: "新客户 名称 — 例：新客户 杭州恒远化工",
  新商机: "新商机 客户 金额 — 例：新商机 恒润食品 35万",
  关联: "关联 联系人 客户 — 例：关联 阿强 宁波港机配件（发「待关联」看还有哪些）",
  客户: "客户 名称 — 例：客户 华东某食品",
};

/** A command word sent alone: how it is used. */
export function renderUsage(word: string): OutgoingMessage {
  return textMessage([`用法：${USAGE[word] ?? word}`]);
}

/**
 * A message with nothing to record (。。。, 嗯, 测试, an emoji, a row of 哈): said so, and nothing is
 * stored.
 */
export function renderNothingToLog(): OutgoingMessage {
  return textMessage([
    "这条没有要记的内容（太短，或只是语气词、测试），没有记录。",
    "直接说发生了什么，例如：拜访了华东某食品王总，客户说价格太高。",
  ]);
}

/** An acknowledgement (确认, 收到, 好的, 👌): a word back, nothing stored, nothing to teach. */
export function renderAcknowledged(): OutgoingMessage {
  return textMessage(["好的，这条不用记。"]);
}

import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

/** 帮助: what the bot understands, in the words a rep types. */
export function renderHelp(): OutgoingMessage {
  return textMessage([
    "直接说发生了什么，我来记：",
    "  例：下午拜访了华东某食品，见了采购王经理，客户说价格太高，下周三前给报价",
    "命令：",
    "  今天 — 今天要先处理的事",
    "  客户 名称 — 客户概况、未回应的需求和异议、最近三次跟进",
    "  新客户 名称 — 建一个新客户",
    "  待关联 — 还没对上客户的微信联系人",
    "  关联 联系人 客户 — 把微信联系人关联到客户",
    "  帮助 — 这条说明",
  ]);
}

import type { BeatError } from "../../server/errors";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

/** The core's refusals in a rep's words; the one place their codes become chat text. */
const WORDS: Record<string, string> = {
  customer_name_invalid: "客户名称要 2 到 100 个字，其中至少两个汉字、字母或数字。",
  customer_not_found: "这个客户已经不在了，请重新说一次客户名称。",
  pending_log_not_found: "这条跟进已经处理过了。",
  forbidden: "这条记录不归你管（只有负责人、他的主管和管理员能动），没有改动。",
  owner_forbidden: "只能以自己的名义开商机；主管可以给本团队的人开。",
  owner_unknown: "要指定的负责人不在团队名单里。",
  not_found: "没找到要处理的记录。",
  opportunity_closed: "这个商机已经赢单或输单，不能再改了。",
  gate_incomplete: "当前阶段的材料还不齐，没法推进。",
};

/** A refusal the sender can act on, instead of silence and a retried delivery. */
export function renderRefusal(error: BeatError): OutgoingMessage {
  return textMessage([
    WORDS[error.code] ?? `没有办成（${error.code}）。请换个说法再试，或联系管理员。`,
  ]);
}

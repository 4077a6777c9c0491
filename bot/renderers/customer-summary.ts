import {
  clip,
  completenessWord,
  dueWords,
  OBJECTION_WORDS,
  ROLE_WORDS,
  shanghaiTime,
  TAG_WORDS,
} from "../../miniprogram/shared/words";
import type { CustomerSummary } from "../../server/customers/customer-summary";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

const SOURCE_WORDS: Record<string, string> = {
  chat: "聊天",
  call_summary: "电话",
  visit: "拜访",
  form: "表单",
};

/** 客户 <名称>: the record in a few lines. */
export function renderCustomerSummary(s: CustomerSummary): OutgoingMessage {
  const c = s.customer;
  const tags = Object.entries(c.tags).map(
    ([tag, seen]) =>
      `${TAG_WORDS[tag as keyof typeof TAG_WORDS]}「${clip(seen?.phrase ?? "", 16)}」`,
  );
  const contacts = s.contacts.map(
    (k) => `${k.name}（${k.role ? ROLE_WORDS[k.role] : "角色未知"}）`,
  );

  return textMessage([
    `【${c.name}】${c.isKey ? "重点客户 " : ""}${c.industry ?? ""}`.trim(),
    `信息完整度 ${Math.round(s.completeness.score * 100)}%` +
      (s.completeness.missing.length > 0
        ? `，还缺：${s.completeness.missing.map(completenessWord).join("、")}`
        : ""),
    c.lastContactAt && `最近接触：${shanghaiTime(c.lastContactAt)}`,
    tags.length > 0 && `标签：${tags.join("；")}`,
    contacts.length > 0 && `联系人：${contacts.join("、")}`,
    c.budget && `预算：${c.budget}`,
    c.timeline && `时间线：${c.timeline}`,
    `未回应需求：${s.openDemands.length === 0 ? "无" : s.openDemands.map((d) => `${d.label}「${clip(d.phrase, 16)}」`).join("；")}`,
    `未处理异议：${s.openObjections.length === 0 ? "无" : s.openObjections.map((o) => `${OBJECTION_WORDS[o.category]}「${clip(o.phrase, 16)}」`).join("；")}`,
    ...s.upcoming.map((k) => `待兑现：${dueWords(k.due)}「${clip(k.phrase, 20)}」`),
    s.recent.length > 0 ? "最近跟进：" : "还没有跟进记录。",
    ...s.recent.map(
      (i) =>
        `  ${shanghaiTime(i.occurredAt)} ${SOURCE_WORDS[i.source] ?? i.source}：${clip(i.text, 40)}`,
    ),
  ]);
}

/** 客户 <名称> for a customer outside the asker's reach: refused, naming nothing of the record. */
export function renderCustomerOutOfReach(): OutgoingMessage {
  return textMessage(["这个客户不归你管，看不了。"]);
}

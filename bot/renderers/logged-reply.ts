import {
  clip,
  completenessWord,
  dueWords,
  OBJECTION_WORDS,
  ROLE_WORDS,
  shanghaiTime,
  TAG_WORDS,
} from "../../miniprogram/shared/words";
import type { LoggedInteraction } from "../../server/interactions/log-outcome";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

const quote = (text: string) => `「${clip(text, 24)}」`;

/** Gaps named in the reply; the rest are counted, so the line fits a phone's width. */
const GAPS_SHOWN = 2;

/** 还缺：财务联系人、预算, or 还缺：采购联系人、技术联系人等 7 项 (the full list is under 客户 <名称>). */
function gapsLine(missing: LoggedInteraction["missing"]): string | null {
  if (missing.length === 0) {
    return null;
  }
  const shown = missing.slice(0, GAPS_SHOWN).map(completenessWord).join("、");

  return missing.length > GAPS_SHOWN ? `还缺：${shown}等 ${missing.length} 项` : `还缺：${shown}`;
}

/**
 * The one short answer to a logged follow-up: where it went, each tag with the phrase behind it, what
 * else was recorded, and the first of what the record still lacks (还缺：财务联系人、预算等 4 项).
 */
export function renderLogged(logged: LoggedInteraction, heading?: string): OutgoingMessage {
  const x = logged.extraction;
  const { changes } = logged;
  const where =
    logged.how === "context" ? "（接上一条）" : logged.how === "created" ? "（新客户）" : "";
  const tags = x.tags.map((t) => `${TAG_WORDS[t.tag]}${quote(t.evidence[0]?.text ?? "")}`);
  const objections = x.objections.map(
    (o) => `${OBJECTION_WORDS[o.category]}${quote(o.evidence[0]?.text ?? "")}`,
  );
  // The record's view of each contact: a role known from the import shows even when the message
  // gave none. A repeated delivery changed nothing, so it falls back to what the message said.
  const named = changes.contacts.length
    ? changes.contacts
    : x.contacts.map((c) => ({ name: c.name, role: c.role, isNew: false }));
  const contacts = named.map(
    (c) => `${c.name}（${c.role ? ROLE_WORDS[c.role] : "角色未知"}${c.isNew ? "，新建" : ""}）`,
  );
  const demands = x.demands.map((d) => `${d.label}${quote(d.evidence.text)}`);
  const facts = x.facts.map(
    (f) => `${f.kind === "budget" ? "预算" : "时间线"}${quote(f.evidence.text)}`,
  );
  // The customer's own schedule (他们老板下周一开会定) is theirs, not the rep's promise.
  const c = x.commitment;
  const commitment = c
    ? `${c.ours === false ? "客户安排" : "承诺"}：${dueWords(c.due)}（${shanghaiTime(c.dueAt)}）` +
      quote(c.evidence.text)
    : null;
  const answered = changes.answeredDemands.map((d) => d.label);
  const closed = changes.closedObjections.map((o) => `${OBJECTION_WORDS[o.category]}→${o.action}`);
  const nothing =
    [tags, objections, contacts, demands, facts, answered, closed].every((l) => l.length === 0) &&
    !commitment;

  return textMessage([
    heading ?? null,
    `已记到【${logged.customer.name}】${where}${logged.repeated ? "（此前已记录）" : ""}`,
    tags.length > 0 && `标签：${tags.join("；")}`,
    objections.length > 0 && `异议：${objections.join("；")}`,
    contacts.length > 0 && `联系人：${contacts.join("、")}`,
    demands.length > 0 && `需求：${demands.join("；")}`,
    facts.length > 0 && facts.join("；"),
    commitment,
    answered.length > 0 && `已回应需求：${answered.join("、")}`,
    closed.length > 0 && `已关闭异议：${closed.join("、")}`,
    // A line that only reports (没接电话) is recorded as it stands: said so, without advice.
    nothing && "记下了。",
    gapsLine(logged.missing),
  ]);
}

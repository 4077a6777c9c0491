/**
 * The product's words for what the code names (DESIGN.md, domain words), shared by the WeCom
 * messages and the mini-program so both say the same thing. No imports from the server: WeChat
 * packages only what is inside the mini-program's folder. The server's types are assignable to these.
 */
type Tag = "demand_clear" | "price_sensitive" | "technical_doubt";
type ObjectionCategory =
  | "price"
  | "competitor"
  | "technical"
  | "timing"
  | "authority"
  | "delivery"
  | "payment_terms"
  | "existing_supplier"
  | "trust";
type ContactRole = "procurement" | "technical" | "finance" | "executive" | "user";
type CompletenessItem =
  | "industry"
  | "address"
  | `contact:${ContactRole}`
  | "demand"
  | "budget"
  | "timeline";
export const TAG_WORDS: Record<Tag, string> = {
  demand_clear: "需求明确",
  price_sensitive: "价格敏感",
  technical_doubt: "技术疑虑",
};

export const OBJECTION_WORDS: Record<ObjectionCategory, string> = {
  price: "价格",
  competitor: "竞品对比",
  technical: "技术",
  timing: "时机",
  authority: "决策权",
  delivery: "交期",
  payment_terms: "付款条件",
  existing_supplier: "现有供应商",
  trust: "信任",
};

export const ROLE_WORDS: Record<ContactRole, string> = {
  procurement: "采购",
  technical: "技术",
  finance: "财务",
  executive: "高管",
  user: "使用部门",
};

export function completenessWord(item: CompletenessItem): string {
  if (item.startsWith("contact:")) {
    return `${ROLE_WORDS[item.slice("contact:".length) as ContactRole]}联系人`;
  }
  const words: Record<string, string> = {
    industry: "行业",
    address: "地址",
    demand: "需求",
    budget: "预算",
    timeline: "时间线",
  };

  return words[item] ?? item;
}

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

/** A due form as a rep says it: next_wednesday → 下周三, within_3d → 3天内, an ISO date → 3月20日. */
export function dueWords(due: string): string {
  const fixed: Record<string, string> = {
    today: "今天",
    tomorrow: "明天",
    day_after_tomorrow: "后天",
    this_week: "本周内",
    next_week: "下周",
    month_end: "月底",
  };
  if (fixed[due]) {
    return fixed[due] as string;
  }
  const weekday = /^next_(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.exec(due);
  if (weekday) {
    const index = [
      "monday",
      "tuesday",
      "wednesday",
      "thursday",
      "friday",
      "saturday",
      "sunday",
    ].indexOf(weekday[1] as string);
    return `下周${WEEKDAYS[index]}`;
  }
  const within = /^within_(\d+)([dh])$/.exec(due);
  if (within) {
    return `${within[1]}${within[2] === "d" ? "天" : "小时"}内`;
  }
  const date = /^\d{4}-(\d{2})-(\d{2})$/.exec(due);
  if (date) {
    return `${Number(date[1])}月${Number(date[2])}日`;
  }

  return due;
}

/**
 * An instant as a short Shanghai date and time: 3月18日 18:00. Computed from UTC plus eight hours
 * (Shanghai keeps no daylight saving), since phones' JavaScript does not all carry time-zone data.
 */
export function shanghaiTime(at: Date | string): string {
  const local = new Date(new Date(at).getTime() + 8 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");

  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}

/**
 * An amount in fen as a sales team says it: 1.2亿元 from a hundred million yuan up (nobody reads
 * 12000万元 at a glance), 35万元 from ten thousand yuan (at most two decimals, 12.35万元), plain
 * yuan below (860元, 99.5元). No float noise: 0.1 + 0.2 never shows.
 */
export function moneyWords(fen: number): string {
  const trim = (value: number) => String(Number(value.toFixed(2)));
  // Compared after rounding, so 99999999.99元 reads 1亿元 rather than 10000万元.
  if (Number((fen / 1_000_000).toFixed(2)) >= 10_000) {
    return `${trim(fen / 10_000_000_000)}亿元`;
  }

  return fen >= 1_000_000 ? `${trim(fen / 1_000_000)}万元` : `${trim(fen / 100)}元`;
}

/** Today's date in Shanghai as YYYY-MM-DD, for date pickers that must not offer the past. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The text cut to `max` characters, with an ellipsis when cut, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];

  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

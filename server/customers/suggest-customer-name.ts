import { normalizeText } from "../extractor/rules/normalize-text";

/** Words that end a company's name in how reps talk: the trade or the kind of place. */
const COMPANY_ENDINGS = [
  "有限公司",
  "公司",
  "集团",
  "工厂",
  "厂",
  "医院",
  "学校",
  "超市",
  "酒店",
  "银行",
  "食品",
  "科技",
  "电子",
  "机械",
  "材料",
  "物流",
  "设备",
  "药业",
  "制药",
  "乳业",
  "电器",
  "汽配",
  "纺织",
  "化工",
  "包装",
  "环保",
  "能源",
  "贸易",
  "实业",
  "商贸",
  "餐饮",
  "建材",
  "印染",
  "电池",
  "配件",
];

/** What comes just before a company the rep went to or spoke with. */
const VISIT_VERBS =
  "拜访了|拜访|走访了|走访|去了|去|到了|到|见了|约了|联系了|联系|打给|打了|跟|和|给|在";

const NAME = new RegExp(
  `(?:${VISIT_VERBS})([\\u4e00-\\u9fa5a-z0-9]{1,14}?(?:${COMPANY_ENDINGS.join("|")}))`,
  "u",
);

/**
 * The company a follow-up seems to be about when no known customer matched, to offer creating it
 * (拜访了华东某食品 → 华东某食品); null when nothing in the text looks like a company.
 */
export function suggestCustomerName(text: string): string | null {
  const normalized = normalizeText(text, null, new Map());
  const match = NAME.exec(normalized);
  if (!match?.[1]) {
    return null;
  }
  const start = match.index + match[0].length - match[1].length;

  // Quote the rep's own characters (full-width, traditional) rather than the normalised copy.
  return text.slice(start, start + match[1].length);
}

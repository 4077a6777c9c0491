import { normalizeText } from "../extractor/rules/normalize-text";

/** Words that end a company's name in how reps talk: the trade or the kind of place. */
const COMPANY_ENDINGS = [
  "有限公司",
  "公司",
  "集团",
  "工厂",
  "厂",
  "医院",
  "诊所",
  "学校",
  "学院",
  "大学",
  "研究所",
  "研究院",
  "中心",
  "超市",
  "酒店",
  "银行",
  "食品",
  "科技",
  "技术",
  "电子",
  "电气",
  "电器",
  "电池",
  "机械",
  "机电",
  "塑机",
  "材料",
  "新材",
  "物流",
  "设备",
  "药业",
  "制药",
  "医疗",
  "生物",
  "乳业",
  "汽配",
  "汽车",
  "纺织",
  "印染",
  "服装",
  "化工",
  "化学",
  "包装",
  "纸业",
  "环保",
  "能源",
  "贸易",
  "实业",
  "商贸",
  "餐饮",
  "建材",
  "建设",
  "铸造",
  "制造",
  "工业",
  "配件",
  "五金",
  "钢铁",
  "金属",
  "塑料",
  "橡胶",
  "家具",
  "软件",
  "信息",
  "网络",
  "物业",
  "置业",
  "地产",
  "水务",
  "燃气",
  "农业",
  "牧业",
  "饲料",
  "酒业",
  "饮料",
];

/** What comes just before a company the rep went to or spoke with. */
const CONTACT_VERBS =
  "拜访了|拜访|走访了|走访|去了|去|到了|到|见了|约了|联系了|联系|打给|打了|跟|和|给|在";
/** Verbs that are followed by a place, whatever its name ends with (拜访了宁波海天塑机，见了张总). */
const VISIT_VERBS = "拜访了|拜访|走访了|走访|到访了|到访";
/** What a visit verb may be followed by that is not a company. */
const NOT_A_COMPANY = /^(?:了|客户|他们|对方|现场|一下|了解|一趟|老客户|新客户)|[总工经理主管]$/u;

const ENDS_LIKE_COMPANY = new RegExp(`(?:${COMPANY_ENDINGS.join("|")})$`, "u");
const BY_ENDING = new RegExp(
  `(?:${CONTACT_VERBS})([\\u4e00-\\u9fa5a-z0-9]{1,14}?(?:${COMPANY_ENDINGS.join("|")}))(?![\\u4e00-\\u9fa5])`,
  "u",
);
const BY_VISIT = new RegExp(
  `(?:${VISIT_VERBS})([\\u4e00-\\u9fa5a-z0-9]{3,12}?)(?=[,.;!?，。；！？、\\s]|的|见|和|跟|与|谈|聊|开会|$)`,
  "u",
);

/** Whether a short text is a company's name by its look (ends like one: 杭州恒远化工). */
export function looksLikeCompanyName(text: string): boolean {
  const normalized = normalizeText(text.trim(), null, new Map());

  return (
    /^[\u4e00-\u9fa5a-z0-9()（）]{3,30}$/u.test(normalized) && ENDS_LIKE_COMPANY.test(normalized)
  );
}

/**
 * The company a follow-up seems to be about when no known customer matched it, to offer creating
 * it (拜访了华东某食品 → 华东某食品); null when nothing in the text looks like a company.
 */
export function suggestCustomerName(text: string): string | null {
  const normalized = normalizeText(text, null, new Map());
  for (const pattern of [BY_ENDING, BY_VISIT]) {
    const match = pattern.exec(normalized);
    const name = match?.[1];
    if (!match || !name || NOT_A_COMPANY.test(name)) {
      continue;
    }
    const start = match.index + match[0].length - name.length;
    // Quote the rep's own characters (full-width, traditional) rather than the normalised copy.
    return text.slice(start, start + name.length);
  }

  return null;
}

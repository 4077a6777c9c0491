import { toSimplified } from "../../server/customers/simplified";

/**
 * The chat commands (DESIGN.md): 帮助, 今天, 客户 <名称>, 新客户 <名称>, 待关联, 关联 <联系人> <客户>.
 * Tolerant of spaces, full-width forms, traditional characters and punctuation around them
 * (【客户】华东食品, 客户：华东食品, 客戶 江南精密機械). Anything else is a follow-up to log.
 */
export type Command =
  | { name: "help" }
  | { name: "today" }
  | { name: "unlinked" }
  | { name: "health" }
  | { name: "new_customer"; arg: string }
  | { name: "new_opportunity"; arg: string }
  | { name: "link"; arg: string }
  /**
   * `loose` when nothing separated 客户 from the rest (客户华东食品): that may as well be a follow-up
   * (客户说价格太高), so the handler treats it as a command only if the rest names a customer.
   */
  | { name: "customer"; arg: string; loose: boolean }
  /** A command word alone (新客户, 关联 …): the rep gets told how it is used. */
  | { name: "usage"; of: "新商机" | "新客户" | "关联" | "客户" };

/** What ends a sentence: an argument with one is a follow-up that starts with a command word. */
const SENTENCE = /[!?;，。！？；\n]|[.,](?!\d)/u;
/** Names and "contact customer" pairs are short; a longer argument is a sentence. */
const MAX_ARG = 40;

const EDGE =
  /^[\s【】[\]「」『』<>《》:：,，.。!！?？、]+|[\s【】[\]「」『』<>《》:：,，.。!！?？、~～]+$/gu;

/** Full-width letters, digits and punctuation as half-width, so 客户：X and 客户:X read the same. */
function halfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/gu, " ");
}

/** A command as typed; its argument comes back in simplified characters, as names are kept. */
export function parseCommand(raw: string): Command | null {
  const text = halfWidth(toSimplified(raw)).replace(EDGE, "");
  if (/^(?:帮助|help|菜单|命令)$/iu.test(text) || (text === "" && /[?？]/u.test(raw))) {
    return { name: "help" };
  }
  if (/^(?:今天|今日|today|今天的?红点|今天干什么|今天做什么)$/iu.test(text)) {
    return { name: "today" };
  }
  if (/^(?:健康度|健康)$/u.test(text)) {
    return { name: "health" };
  }
  if (/^待关联$/u.test(text)) {
    return { name: "unlinked" };
  }
  const withArg = /^(新商机|新客户|关联|客户)([\s:,】\]」』>》]*)(.*)$/su.exec(text);
  if (!withArg) {
    return null;
  }
  const [, word, separator, rest] = withArg as unknown as [
    string,
    "新商机" | "新客户" | "关联" | "客户",
    string,
    string,
  ];
  const arg = rest.replace(EDGE, "");
  if (arg === "") {
    return { name: "usage", of: word };
  }
  // 新客户今天来电… and 关联公司也想要… are follow-ups: these commands need a space or colon, and no
  // command argument is a sentence. A long 新客户 name that is no sentence stays the command, so
  // that the name's own limit (2 to 100 characters) refuses it instead of it landing as a follow-up.
  const tooLong = arg.length > MAX_ARG && word !== "新客户";
  if (SENTENCE.test(arg) || tooLong || (separator === "" && word !== "客户")) {
    return null;
  }
  if (word === "新商机") {
    return { name: "new_opportunity", arg };
  }
  if (word === "新客户") {
    return { name: "new_customer", arg };
  }
  if (word === "关联") {
    return { name: "link", arg };
  }

  return { name: "customer", arg, loose: separator === "" };
}

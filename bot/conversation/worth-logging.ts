import { toSimplified } from "../../server/customers/simplified";

/**
 * What says nothing about a customer on its own: a test, laughter and other interjections, an
 * acknowledgement or a greeting (测试, 哈哈哈, 嗯嗯好的, ok).
 */
const NOTHING_WORDS = [
  "测试",
  "试一下",
  "一下",
  "试试",
  "testing",
  "test",
  "[哈呵嘿嘻嗯哦噢喔啊呃嗨哇]",
  "好的",
  "好",
  "收到",
  "知道了",
  "谢谢",
  "多谢",
  "thanks",
  "thank",
  "you",
  "okay",
  "ok",
  "在吗",
  "在不在",
  "你好",
  "您好",
  "hello",
  "hi",
  "早上好",
  "晚安",
  "拜拜",
];
/** A stretch between spaces and punctuation made only of such words. */
const ONLY_NOTHING = new RegExp(`^(?:${NOTHING_WORDS.join("|")})+$`, "u");

/**
 * Whether a message is worth logging as a follow-up. Stretches between spaces and punctuation that
 * are only tests, interjections or greetings are left out (哈哈哈，王总说价格太高 keeps the second;
 * 娃哈哈 is a name and stays); what is left must hold two different Chinese characters or three
 * different letters. Repetition does not count: five thousand 哈 say as little as one.
 */
export function worthLogging(text: string): boolean {
  const stretches = toSimplified(text)
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{Script=Han}a-z0-9]+/u)
    .filter((stretch) => stretch !== "" && !ONLY_NOTHING.test(stretch));
  const rest = stretches.join(" ");
  const chinese = new Set(rest.match(/\p{Script=Han}/gu) ?? []);
  const letters = new Set(rest.match(/[a-z]/gu) ?? []);

  return chinese.size >= 2 || letters.size >= 3;
}

import { toSimplified } from "../../server/customers/simplified";

/**
 * What a rep says to answer the bot, not to report on a customer (确认 after a stage gate's answer,
 * 收到, 好的, ok): recorded, it would reset the silence clock and be quoted to the manager as one of
 * the rep's last three communications. 了, 啦 and the like only soften them (确认了, 好啦).
 */
const ACKNOWLEDGEMENT_WORDS = [
  "[嗯哦噢喔好行对是]",
  "好的",
  "好滴",
  "好嘞",
  "收到",
  "确认",
  "确定",
  "明白",
  "了解",
  "知道",
  "可以",
  "没问题",
  "谢谢",
  "多谢",
  "辛苦",
  "[了啦吧呀的]",
  "thanks",
  "thank",
  "you",
  "okay",
  "ok",
  "yes",
];
/** Emoji that say 好 or 谢谢 (👌, 👍, 🙏), sent alone or beside such words. */
const ACKNOWLEDGEMENT_EMOJI = /[\u{1F44C}\u{1F44D}\u{1F64F}\u{1F91D}\u{2705}\u{1F197}\u{1F4AA}]/u;
/** What says nothing about a customer either: a test, laughter and other interjections, a greeting. */
const OTHER_NOTHING_WORDS = [
  "测试",
  "试一下",
  "一下",
  "试试",
  "testing",
  "test",
  "[哈呵嘿嘻嗯哦噢喔啊呃嗨哇]",
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
const only = (words: string[]) => new RegExp(`^(?:${words.join("|")})+$`, "u");
/** A stretch between spaces and punctuation made only of acknowledgements. */
const ONLY_ACKNOWLEDGES = only(ACKNOWLEDGEMENT_WORDS);
/** A stretch between spaces and punctuation made only of words that say nothing. */
const ONLY_NOTHING = only([...ACKNOWLEDGEMENT_WORDS, ...OTHER_NOTHING_WORDS]);

/** The message's stretches between spaces, punctuation and emoji, compared in one form. */
function stretchesOf(text: string): string[] {
  return toSimplified(text)
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{Script=Han}a-z0-9]+/u)
    .filter((stretch) => stretch !== "");
}

/**
 * Whether a message is worth logging as a follow-up. Stretches between spaces and punctuation that
 * are only tests, interjections, acknowledgements or greetings are left out (哈哈哈，王总说价格太高
 * keeps the second; 娃哈哈 is a name and stays); what is left must hold two different Chinese
 * characters or three different letters. Repetition does not count: five thousand 哈 say as little
 * as one.
 */
export function worthLogging(text: string): boolean {
  const rest = stretchesOf(text)
    .filter((stretch) => !ONLY_NOTHING.test(stretch))
    .join(" ");
  const chinese = new Set(rest.match(/\p{Script=Han}/gu) ?? []);
  const letters = new Set(rest.match(/[a-z]/gu) ?? []);

  return chinese.size >= 2 || letters.size >= 3;
}

/**
 * Whether a message only acknowledges (确认, 收到，谢谢, OK👌): answered in a word, not with how to
 * write a follow-up, since the rep meant nothing more. 👌 or 👍 alone counts; 😂 does not.
 */
export function onlyAcknowledges(text: string): boolean {
  const stretches = stretchesOf(text);

  return (
    stretches.every((stretch) => ONLY_ACKNOWLEDGES.test(stretch)) &&
    (stretches.length > 0 || ACKNOWLEDGEMENT_EMOJI.test(text))
  );
}

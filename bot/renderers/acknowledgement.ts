import type { OutgoingMessage } from "../wecom-client";

/** What the rep sent, in words a rep uses. */
const KIND_WORDS: Record<string, string> = {
  text: "跟进记录",
  image: "图片",
  voice: "语音",
  video: "视频",
  location: "位置",
  link: "链接",
};

/** The bot's receipt for something a rep sent; proof that it arrived, before anything is done with it. */
export function renderAcknowledgement(kind: string, name: string): OutgoingMessage {
  const what = KIND_WORDS[kind] ?? "消息";

  return { msgtype: "text", text: { content: `${name}，收到你的${what}，已记下。` } };
}

/** For a WeCom member who is not on the imported team: say who can fix it instead of staying silent. */
export function renderStranger(): OutgoingMessage {
  return {
    msgtype: "text",
    text: {
      content: "你还不在 Beat 的团队名单里，这条消息没有记录。请联系管理员把你加入团队名单。",
    },
  };
}

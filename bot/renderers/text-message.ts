import type { OutgoingMessage } from "../wecom-client";

/** A plain text message: the form every WeCom client shows, the WeChat plugin included. */
export function textMessage(lines: (string | null | false)[]): OutgoingMessage {
  return {
    msgtype: "text",
    text: { content: lines.filter((l): l is string => typeof l === "string").join("\n") },
  };
}

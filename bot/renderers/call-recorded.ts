import { OBJECTION_WORDS, shanghaiTime, TAG_WORDS } from "../../miniprogram/shared/words";
import type { CallOutcome } from "../../server/calls/record-call-summary";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);

  return minutes > 0 ? `${minutes}分${seconds % 60}秒` : `${seconds}秒`;
}

/** Tells the rep a call was recorded and asks for its key conclusions (补充关键结论). */
export function renderCallRecorded(
  outcome: Extract<CallOutcome, { kind: "recorded" }>,
): OutgoingMessage {
  const logged = outcome.logged;
  const x = logged?.extraction;
  const read = x
    ? [
        ...x.tags.map((t) => TAG_WORDS[t.tag]),
        ...x.objections.map((o) => `异议:${OBJECTION_WORDS[o.category]}`),
      ]
    : [];

  return textMessage([
    logged
      ? `${shanghaiTime(outcome.startedAt)} 和【${logged.customer.name}】的通话（${duration(outcome.durationSec)}）已记录。`
      : `${shanghaiTime(outcome.startedAt)} 的通话（${duration(outcome.durationSec)}${outcome.phoneTail ? `，尾号${outcome.phoneTail}` : ""}）已记录，但没认出是哪个客户。`,
    read.length > 0 && `从通话摘要读到：${read.join("、")}`,
    "请补充关键结论：直接回复这条消息，比如客户的决定、下一步和时间。",
    !logged && "回复里写上客户名称，通话就记到那个客户上。",
  ]);
}

import type { ObjectionCategory } from "../../server/extractor/extraction";
import type { OpenItem } from "../../server/interactions/oldest-open-items";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";
import { clip, OBJECTION_WORDS, shanghaiTime } from "./words";

/** 今天: the oldest open demands and objections, each with what closes it. */
export function renderToday(items: OpenItem[]): OutgoingMessage {
  if (items.length === 0) {
    return textMessage(["今天没有待回应的需求或待处理的异议。保持住！"]);
  }

  return textMessage([
    `今天先处理这 ${items.length} 件：`,
    ...items.map((item, i) => {
      const what =
        item.kind === "demand"
          ? `需求未回应：${item.what}`
          : `异议未处理：${OBJECTION_WORDS[item.what as ObjectionCategory] ?? item.what}`;
      const close =
        item.kind === "demand" ? "给出方案框架、报价区间或时间节点" : "记下针对性的处理动作";
      return `${i + 1}. 【${item.customerName}】${what}「${clip(item.phrase, 20)}」，自 ${shanghaiTime(item.since)}。关闭：${close}`;
    }),
  ]);
}

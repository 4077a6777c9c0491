import { clip, shanghaiTime } from "../../miniprogram/shared/words";
import type { CardOption } from "../../server/db/entities/card-task.entity";
import type { TimeoutAlert } from "../../server/timeouts/timeout-alerts";
import type { OutgoingMessage } from "../wecom-client";

/** The mini-program page of one opportunity, which 去补充 opens. */
export const OPPORTUNITY_PAGE = "pages/opportunity/detail";

/**
 * The alert for a stage that ran over its time: to the rep with 去补充 / 申请延期 / 转交, to the
 * manager with what is missing and 转交. With a mini-program configured, 去补充 opens its page;
 * without one, the button answers in chat with the checklist.
 */
export function renderTimeoutCard(
  alert: TimeoutAlert,
  card: { touser: string; taskId: string; options: CardOption[] },
  miniProgramAppId: string | null,
): OutgoingMessage {
  const toManager = card.touser !== alert.rep.userid;
  const buttons = card.options.filter((o) => !(o.key === "fill" && miniProgramAppId && !toManager));

  return {
    msgtype: "template_card",
    template_card: {
      card_type: "button_interaction",
      task_id: card.taskId,
      main_title: {
        title: clip(`${alert.stageName}超时：${alert.opportunityName}`, 26),
        desc: toManager
          ? `${alert.rep.name}负责 · 限时${alert.limitHours}小时`
          : `限时${alert.limitHours}小时`,
      },
      sub_title_text: alert.missing.length
        ? clip(`还缺：${alert.missing.join("、")}`, 120)
        : "材料都齐了，可以推进到下一阶段",
      horizontal_content_list: [
        { keyname: "客户", value: clip(alert.customerName, 30) },
        { keyname: "到期", value: shanghaiTime(alert.dueAt) },
      ],
      ...(miniProgramAppId && !toManager
        ? {
            jump_list: [
              {
                type: 2 as const,
                title: "去补充",
                appid: miniProgramAppId,
                pagepath: `${OPPORTUNITY_PAGE}?id=${alert.opportunityId}`,
              },
            ],
          }
        : {}),
      button_list: buttons.map((o, i) => ({ text: o.label, style: i === 0 ? 1 : 2, key: o.key })),
    },
  };
}

/** A card whose buttons are the options of a follow-up question (a reason, a colleague, a decision). */
export function renderChoiceCard(
  title: string,
  desc: string,
  card: { taskId: string; options: CardOption[] },
): OutgoingMessage {
  return {
    msgtype: "template_card",
    template_card: {
      card_type: "button_interaction",
      task_id: card.taskId,
      main_title: { title: clip(title, 26), desc: clip(desc, 40) },
      button_list: card.options.map((o, i) => ({
        text: clip(o.label, 10),
        style: i === card.options.length - 1 ? 2 : 1,
        key: o.key,
      })),
    },
  };
}

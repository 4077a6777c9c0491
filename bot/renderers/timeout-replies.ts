import { clip } from "../../miniprogram/shared/words";
import type { TimeoutCardAnswer } from "../../server/timeouts/answer-timeout-card";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";
import { renderChoiceCard } from "./timeout-cards";

/** One message for one person, with the key that names it within the tap that caused it. */
export interface Reply {
  touser: string;
  key: string;
  message: OutgoingMessage;
}

/** What a tap on a timeout card (or its follow-up cards) answers, and to whom. */
export function renderTimeoutAnswer(answer: TimeoutCardAnswer, clicker: string): Reply[] {
  const to = (touser: string, key: string, message: OutgoingMessage): Reply => ({
    touser,
    key,
    message,
  });
  switch (answer.kind) {
    case "stage_checklist":
      return [
        to(
          clicker,
          "reply",
          textMessage([
            answer.missing.length
              ? `【${answer.opportunityName}】${answer.stageName}还缺：${answer.missing.join("、")}`
              : `【${answer.opportunityName}】${answer.stageName}的材料都齐了，可以推进到下一阶段。`,
            answer.missing.length > 0 &&
              "在小程序「商机详情」里补充，补上任意一项，阶段计时就重新开始。",
          ]),
        ),
      ];
    case "ask_extension_reason":
      return [
        to(
          clicker,
          "reply",
          renderChoiceCard("申请延期的原因", answer.opportunityName, answer.card),
        ),
      ];
    case "ask_new_owner":
      return [
        to(clicker, "reply", renderChoiceCard("转交给谁？", answer.opportunityName, answer.card)),
      ];
    case "extension_requested":
      if (!answer.approval) {
        return [
          to(
            clicker,
            "reply",
            textMessage(["你没有主管，延期申请无人可批。请直接补充材料或推进阶段。"]),
          ),
        ];
      }
      return [
        to(
          clicker,
          "reply",
          textMessage([`已向主管申请延期（原因：${answer.reason}），批准后会通知你。`]),
        ),
        to(
          answer.approval.touser,
          "approval",
          renderChoiceCard(
            `${answer.rep.name}申请延期：${clip(answer.opportunityName, 12)}`,
            `${answer.stageName}超时 · 原因：${answer.reason}`,
            answer.approval,
          ),
        ),
      ];
    case "extension_decided":
      return [
        to(
          answer.repUserid,
          "decision",
          textMessage([
            answer.approved
              ? `${answer.managerName}批准了【${answer.opportunityName}】${answer.stageName}延期${answer.hours}小时。`
              : `${answer.managerName}没有批准【${answer.opportunityName}】的延期申请，请尽快补充材料。`,
          ]),
        ),
      ];
    case "handed_over":
      return [
        to(
          answer.to.userid,
          "handover",
          textMessage([
            `商机【${answer.opportunityName}】转交给你了，当前阶段：${answer.stageName}。`,
            answer.missing.length > 0 && `还缺：${answer.missing.join("、")}`,
          ]),
        ),
        ...(answer.from !== clicker
          ? [
              to(
                answer.from,
                "handover",
                textMessage([`商机【${answer.opportunityName}】已转交给${answer.to.name}。`]),
              ),
            ]
          : []),
        to(clicker, "reply", textMessage([`已转交给${answer.to.name}。`])),
      ];
    case "breach_over":
      return [
        to(clicker, "reply", textMessage(["这次超时已经结束了：有了新材料，或者阶段已经推进。"])),
      ];
    case "no_teammates":
      return [to(clicker, "reply", textMessage(["团队里没有可以转交的同事。"]))];
    case "cancelled":
      return [to(clicker, "reply", textMessage(["好的。"]))];
  }
}

/** The words the tapped button greys out into. */
export function timeoutReplaceName(answer: TimeoutCardAnswer): string {
  const words: Partial<Record<TimeoutCardAnswer["kind"], string>> = {
    ask_extension_reason: "申请延期中",
    ask_new_owner: "选择转交对象",
    extension_requested: "已提交延期申请",
    handed_over: "已转交",
    breach_over: "已结束",
    cancelled: "已取消",
  };
  if (answer.kind === "extension_decided") {
    return answer.approved ? "已批准" : "未批准";
  }

  return words[answer.kind] ?? "已处理";
}

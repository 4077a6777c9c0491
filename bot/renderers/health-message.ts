import { figureLine } from "../../miniprogram/shared/red-dot-words";
import type { RepHealth } from "../../server/health/contact-health";
import { teamFigures } from "../../server/health/contact-health";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";

/** 健康度: a rep's own three figures, or a manager's team and each rep. */
export function renderHealth(
  viewer: { userid: string; role: string },
  health: RepHealth[],
): OutgoingMessage {
  if (viewer.role === "manager") {
    const team = health.filter((h) => h.managerUserid === viewer.userid);
    if (team.length === 0) {
      return textMessage(["你的团队还没有成员。"]);
    }
    return textMessage([
      "团队客户接触健康度（近30天）：",
      ...teamFigures(team).map((f) => `  ${figureLine(f)}`),
      ...team.flatMap((rep) => [`${rep.name}：`, ...rep.figures.map((f) => `  ${figureLine(f)}`)]),
    ]);
  }
  const mine = health.find((h) => h.userid === viewer.userid);
  if (!mine) {
    return textMessage(["健康度只算销售的客户接触。"]);
  }

  return textMessage([
    "你的客户接触健康度（近30天）：",
    ...mine.figures.map((f) => `  ${figureLine(f)}`),
  ]);
}

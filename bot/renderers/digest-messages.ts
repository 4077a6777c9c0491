import { figureLine, verbatimLines, whyOf } from "../../miniprogram/shared/red-dot-words";
import { clip } from "../../miniprogram/shared/words";
import type { RedDot } from "../../server/db/entities/red-dot.entity";
import type { ManagerDigest, RepDigest } from "../../server/digests/build-digests";
import type { OutgoingMessage } from "../wecom-client";
import { textMessage } from "./text-message";
import { OPPORTUNITY_PAGE } from "./timeout-cards";

/** The mini-program's pages that a red dot's link opens. */
export const CUSTOMER_PAGE = "pages/customer/detail";
export const TODAY_PAGE = "pages/today/index";

function dotLines(dots: RedDot[], now: Date): string[] {
  return dots.flatMap((dot, i) => [
    `${i + 1}. ${whyOf(dot, now)}`,
    // The hint reads as a colleague's next step, so it stands without a 关闭： label.
    `   → ${dot.closeHint}`,
    ...(dot.rule === "verify_contacts" ? ["   最近三次沟通（原话）：", ...verbatimLines(dot)] : []),
  ]);
}

/** 今天 and the morning digest for a rep: the top three red dots with why and how to close, or an all-clear. */
export function renderRepDigest(digest: RepDigest, now: Date, greeting: boolean): OutgoingMessage {
  if (digest.total === 0) {
    return textMessage([
      `${greeting ? `早上好，${digest.name}。` : ""}今天没有红点，全部按时。保持住！`,
    ]);
  }

  return textMessage([
    `${greeting ? `早上好，${digest.name}。` : ""}今天先关这 ${digest.top.length} 个红点` +
      (digest.total > digest.top.length ? `（共 ${digest.total} 个）：` : "："),
    ...dotLines(digest.top, now),
  ]);
}

/** The links that open each red dot's page in the mini-program, as a card under the digest. */
export function renderDigestLinks(digest: RepDigest, appid: string): OutgoingMessage | null {
  if (digest.top.length === 0) {
    return null;
  }

  return {
    msgtype: "template_card",
    template_card: {
      card_type: "text_notice",
      main_title: { title: "去处理今天的红点", desc: `共 ${digest.total} 个` },
      jump_list: digest.top.map((dot, i) => ({
        type: 2 as const,
        title: clip(
          `${i + 1}. ${String(dot.facts.opportunity ?? dot.facts.customer ?? "详情")}`,
          13,
        ),
        appid,
        pagepath: dot.opportunityId
          ? `${OPPORTUNITY_PAGE}?id=${dot.opportunityId}`
          : `${CUSTOMER_PAGE}?id=${dot.customerId ?? ""}`,
      })),
      card_action: { type: 2, appid, pagepath: TODAY_PAGE },
    },
  };
}

/** The manager's digest: their own items, the team's red dots rep by rep, and every red or yellow figure. */
export function renderManagerDigest(digest: ManagerDigest, now: Date): OutgoingMessage {
  const teamTotal = digest.team.reduce((sum, rep) => sum + rep.total, 0);

  return textMessage([
    teamTotal > 0
      ? `早上好，${digest.name}。团队今天有 ${teamTotal} 个红点：${digest.team.map((r) => `${r.name} ${r.total}`).join("、")}`
      : `早上好，${digest.name}。团队今天没有红点${digest.team.length ? "" : "（还没有成员）"}。`,
    // The manager's own items are not the team's red dots: counted apart, and said to be apart (另有),
    // so two counts side by side do not read as one that fails to match the other.
    digest.own.length > 0 &&
      (teamTotal > 0
        ? `另有 ${digest.own.length} 件要你出面：`
        : `要你出面的 ${digest.own.length} 件：`),
    // Indented under their heading, so a long digest split in two keeps the heading with its items.
    ...dotLines(digest.own, now).map((l) => `  ${l}`),
    digest.metrics.length > 0 ? "健康度（近30天）需要注意：" : "健康度（近30天）全部达标。",
    ...digest.metrics.map((m) => `   ${m.who}：${figureLine(m.figure)}`),
    ...digest.team
      .filter((rep) => rep.total > 0)
      .flatMap((rep) => [
        `${rep.name}的前 ${rep.top.length} 个：`,
        ...dotLines(rep.top, now).map((l) => `  ${l}`),
      ]),
  ]);
}

import { DateTime } from "luxon";
import type { RepHealth } from "../../server/health/contact-health";
import type { SalesCore } from "../../server/sales-core";
import {
  renderDigestLinks,
  renderManagerDigest,
  renderRepDigest,
} from "../renderers/digest-messages";
import type { OutgoingMessage } from "../wecom-client";

/**
 * Queues the morning digest for everyone: each rep's top three red dots (or an all-clear), with a card
 * of links into the mini-program when one is configured, and each manager's team digest. Keys carry
 * the Shanghai date and the person, so a digest run twice for one morning is queued once.
 */
export async function queueMorningDigests(
  core: SalesCore,
  queue: (touser: string, message: OutgoingMessage, dedupeKey: string) => Promise<void>,
  at: Date,
  miniProgramAppId: string | null,
  health?: RepHealth[],
): Promise<{ reps: number; managers: number }> {
  const day = DateTime.fromJSDate(at, { zone: "Asia/Shanghai" }).toISODate();
  const { reps, managers } = await core.buildDigests(at, health);
  for (const rep of reps) {
    await queue(rep.userid, renderRepDigest(rep, at, true), `digest:${day}:${rep.userid}`);
    const links = miniProgramAppId ? renderDigestLinks(rep, miniProgramAppId) : null;
    if (links) {
      await queue(rep.userid, links, `digest:${day}:${rep.userid}:links`);
    }
  }
  for (const boss of managers) {
    await queue(boss.userid, renderManagerDigest(boss, at), `digest:${day}:${boss.userid}`);
  }

  return { reps: reps.length, managers: managers.length };
}

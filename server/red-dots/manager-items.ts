import { DateTime } from "luxon";
import { In, MoreThanOrEqual } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Interaction } from "../db/entities/interaction.entity";
import { Person } from "../db/entities/person.entity";
import { RedDot, type RedDotRule } from "../db/entities/red-dot.entity";
import { casesOf, contactHealth, type RepHealth } from "../health/contact-health";
import { DEFAULT_RULES } from "../rule-settings";
import type { Violation } from "./red-dot-rules";

const DAY = 86_400_000;
/**
 * A red figure asks the manager to step in only when measured on at least this many cases (demands,
 * objections, or customers for coverage): one demand answered late reads 0%, which says nothing yet
 * about how a rep works, and an item on it sends the manager after noise. The figure is still shown.
 */
export const MIN_CASES_FOR_HEALTH_ITEM = 5;

/** The Shanghai week a time falls in, as 2026-W49: a verify-contacts item lives for one week. */
function weekOf(at: Date): string {
  const week = DateTime.fromJSDate(at, { zone: "Asia/Shanghai" });

  return `${week.weekYear}-W${String(week.weekNumber).padStart(2, "0")}`;
}

/**
 * Items for managers that patterns in the reps' red dots open (DESIGN.md): a rep whose deals went
 * stale three times in a period is to have their customer contacts verified this week, shown the last
 * three communications word for word; a red contact-health figure asks the manager to step in.
 */
export async function managerItems(
  deps: CoreDeps,
  now: Date,
): Promise<{ items: [RedDotRule, Violation[]][]; health: RepHealth[] }> {
  const settings = (deps.rules ?? DEFAULT_RULES).redDots;
  const manager = deps.db.dataSource.manager;
  const people = await manager.getRepository(Person).find();
  const bossOf = new Map(people.map((p) => [p.userid, p.managerUserid]));
  const nameOf = new Map(people.map((p) => [p.userid, p.name]));

  const stale = await manager.getRepository(RedDot).find({
    where: {
      rule: "opportunity_stale",
      openedAt: MoreThanOrEqual(new Date(now.getTime() - settings.staleRepeatDays * DAY)),
    },
    select: { ownerUserid: true },
  });
  const staleCount = new Map<string, number>();
  for (const dot of stale)
    staleCount.set(dot.ownerUserid, (staleCount.get(dot.ownerUserid) ?? 0) + 1);
  const verify: Violation[] = [];
  for (const [rep, count] of staleCount) {
    const boss = bossOf.get(rep);
    if (count < settings.staleRepeat || !boss) continue;
    const lastThree = await manager.getRepository(Interaction).find({
      where: { repUserid: rep, status: In(["logged", "awaiting_customer"]) },
      order: { occurredAt: "DESC", id: "DESC" },
      take: 3,
    });
    verify.push({
      subject: `verify:${rep}:${weekOf(now)}`,
      ownerUserid: boss,
      customerId: null,
      opportunityId: null,
      overdueSince: null,
      facts: {
        rep,
        repName: nameOf.get(rep) ?? rep,
        staleCount: count,
        lastThree: lastThree.map((i) => ({
          at: i.occurredAt.toISOString(),
          source: i.source,
          text: i.text,
        })),
      },
      closeHint: "这周抽查几个客户：打个电话或一起去拜访",
      valueFen: null,
      keyCustomer: false,
    });
  }

  const health = await contactHealth(deps, {
    from: new Date(now.getTime() - (deps.rules ?? DEFAULT_RULES).health.windowDays * DAY),
    to: now,
  });
  const red: Violation[] = health.flatMap((rep) =>
    rep.managerUserid
      ? rep.figures
          .filter((f) => f.colour === "red" && casesOf(f) >= MIN_CASES_FOR_HEALTH_ITEM)
          .map((f) => ({
            subject: `health:${rep.userid}:${f.metric}`,
            ownerUserid: rep.managerUserid as string,
            customerId: null,
            opportunityId: null,
            overdueSince: null,
            facts: {
              rep: rep.userid,
              repName: rep.name,
              metric: f.metric,
              value: f.value,
              target: f.target,
            },
            // The rep by name: a pronoun would guess their gender.
            closeHint: `和${rep.name}一起看看原因，把这项拉回目标`,
            valueFen: null,
            keyCustomer: false,
          }))
      : [],
  );

  return {
    items: [
      ["verify_contacts", verify],
      ["health_red", red],
    ],
    health,
  };
}

import { In, IsNull } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Person } from "../db/entities/person.entity";
import { RedDot } from "../db/entities/red-dot.entity";
import {
  contactHealth,
  type HealthFigure,
  type RepHealth,
  teamFigures,
} from "../health/contact-health";
import { rankRedDots } from "../red-dots/rank-red-dots";
import { DEFAULT_RULES } from "../rule-settings";

/** Red dots a rep closes today: the top of the ranked list. */
export const TOP = 3;
const DAY = 86_400_000;

export interface RepDigest {
  userid: string;
  name: string;
  /** All the rep's open red dots, of which `top` are the first three by priority. */
  total: number;
  top: RedDot[];
}

export interface ManagerDigest {
  userid: string;
  name: string;
  /** What the manager must act on themselves: quote approvals and manager items. */
  own: RedDot[];
  /** Each rep of the team with their count and top three. */
  team: RepDigest[];
  /** Every red or yellow contact-health figure: the team's, then each rep's. */
  metrics: { who: string; figure: HealthFigure }[];
}

/**
 * One person's open red dots, ranked, the first `limit` of them; `今天` shows the same list as the
 * morning digest, the mini-program all of them.
 */
export async function redDotsOf(
  deps: CoreDeps,
  userid: string,
  now: Date,
  limit = TOP,
): Promise<RepDigest> {
  const person = await deps.db.dataSource.getRepository(Person).findOneBy({ userid });
  const open = await deps.db.dataSource
    .getRepository(RedDot)
    .findBy({ ownerUserid: userid, closedAt: IsNull() });
  const ranked = rankRedDots(open, now);

  return {
    userid,
    name: person?.name ?? userid,
    total: ranked.length,
    top: ranked.slice(0, limit),
  };
}

/**
 * Each person's count of open red dots and their first `limit` by the documented priority, ranked in
 * SQL in the same order as rankRedDots: a big team has a hundred thousand open red dots, and only a
 * few thousand of them go into digests.
 */
async function topPerOwner(deps: CoreDeps, now: Date, limit: number) {
  const counts = await deps.db.rows<{ owner: string; n: string | number }>(
    `SELECT "ownerUserid" AS "owner", COUNT(*) AS "n" FROM "red_dot" WHERE "closedAt" IS NULL ` +
      `GROUP BY "ownerUserid"`,
    [],
  );
  const ranked = await deps.db.rows<{ id: number }>(
    `SELECT "id" FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "ownerUserid" ORDER BY ` +
      `(${now.getTime()} - "overdueSince") / ${DAY} DESC, COALESCE("valueFen", 0) DESC, ` +
      `"keyCustomer" DESC, "overdueSince" ASC, "id" ASC) AS "rank" FROM "red_dot" ` +
      `WHERE "closedAt" IS NULL) AS ranked WHERE "rank" <= ${Math.floor(limit)}`,
    [],
  );
  const dots = ranked.length
    ? await deps.db.dataSource
        .getRepository(RedDot)
        .findBy({ id: In(ranked.map((r) => Number(r.id))) })
    : [];
  const byOwner = new Map<string, RedDot[]>();
  for (const dot of dots) {
    byOwner.set(dot.ownerUserid, [...(byOwner.get(dot.ownerUserid) ?? []), dot]);
  }

  return {
    total: (owner: string) => Number(counts.find((c) => c.owner === owner)?.n ?? 0),
    top: (owner: string) => rankRedDots(byOwner.get(owner) ?? [], now),
  };
}

/** What a manager's digest shows of their own: approvals and manager items, all of them. */
const MANAGER_OWN = 20;

/**
 * The morning digest's content for everyone: each rep's top three red dots, and for each manager the
 * team's red dots, the manager's own items and every red or yellow health figure. `health` is the
 * contact health the red-dot scan just computed, when the caller has it.
 */
export async function buildDigests(
  deps: CoreDeps,
  now: Date,
  health?: RepHealth[],
): Promise<{ reps: RepDigest[]; managers: ManagerDigest[] }> {
  const people = await deps.db.dataSource.getRepository(Person).find({ order: { userid: "ASC" } });
  const managers = people.filter((p) => p.role === "manager");
  const ranked = await topPerOwner(deps, now, TOP);
  const own = await topPerOwner(deps, now, MANAGER_OWN);
  const reps = people
    .filter((p) => p.role === "rep")
    .map(
      (rep): RepDigest => ({
        userid: rep.userid,
        name: rep.name,
        total: ranked.total(rep.userid),
        top: ranked.top(rep.userid),
      }),
    );
  const windowDays = (deps.rules ?? DEFAULT_RULES).health.windowDays;
  const figures =
    health ??
    (await contactHealth(deps, { from: new Date(now.getTime() - windowDays * DAY), to: now }));
  const managerOf = new Map(people.map((p) => [p.userid, p.managerUserid]));
  const flagged = (who: string, list: HealthFigure[]) =>
    list
      .filter((f) => f.colour === "red" || f.colour === "yellow")
      .map((figure) => ({ who, figure }));

  return {
    reps,
    managers: managers.map((boss): ManagerDigest => {
      const teamHealth = figures.filter((h) => h.managerUserid === boss.userid);
      return {
        userid: boss.userid,
        name: boss.name,
        own: own.top(boss.userid),
        team: reps.filter((r) => managerOf.get(r.userid) === boss.userid),
        metrics: [
          ...flagged("团队", teamFigures(teamHealth)),
          ...teamHealth.flatMap((rep) => flagged(rep.name, rep.figures)),
        ],
      };
    }),
  };
}

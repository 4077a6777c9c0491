import { IsNull } from "typeorm";
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

/** One person's open red dots, ranked; `今天` shows the same list as the morning digest. */
export async function redDotsOf(deps: CoreDeps, userid: string, now: Date): Promise<RepDigest> {
  const person = await deps.db.dataSource.getRepository(Person).findOneBy({ userid });
  const open = await deps.db.dataSource
    .getRepository(RedDot)
    .findBy({ ownerUserid: userid, closedAt: IsNull() });
  const ranked = rankRedDots(open, now);

  return { userid, name: person?.name ?? userid, total: ranked.length, top: ranked.slice(0, TOP) };
}

/**
 * The morning digest's content for everyone: each rep's top three red dots, and for each manager the
 * team's red dots, the manager's own items and every red or yellow health figure.
 */
export async function buildDigests(
  deps: CoreDeps,
  now: Date,
): Promise<{ reps: RepDigest[]; managers: ManagerDigest[] }> {
  const people = await deps.db.dataSource.getRepository(Person).find({ order: { userid: "ASC" } });
  const open = await deps.db.dataSource.getRepository(RedDot).findBy({ closedAt: IsNull() });
  const byOwner = new Map<string, RedDot[]>();
  for (const dot of open) {
    const list = byOwner.get(dot.ownerUserid) ?? [];
    list.push(dot);
    byOwner.set(dot.ownerUserid, list);
  }
  const digestOf = (person: Person): RepDigest => {
    const ranked = rankRedDots(byOwner.get(person.userid) ?? [], now);
    return {
      userid: person.userid,
      name: person.name,
      total: ranked.length,
      top: ranked.slice(0, TOP),
    };
  };
  const reps = people.filter((p) => p.role === "rep").map(digestOf);
  const windowDays = (deps.rules ?? DEFAULT_RULES).health.windowDays;
  const health = await contactHealth(deps, {
    from: new Date(now.getTime() - windowDays * 86_400_000),
    to: now,
  });
  const managers = people
    .filter((p) => p.role === "manager")
    .map((boss): ManagerDigest => {
      const teamHealth: RepHealth[] = health.filter((h) => h.managerUserid === boss.userid);
      const flagged = (who: string, figures: HealthFigure[]) =>
        figures
          .filter((f) => f.colour === "red" || f.colour === "yellow")
          .map((figure) => ({ who, figure }));
      return {
        userid: boss.userid,
        name: boss.name,
        own: rankRedDots(byOwner.get(boss.userid) ?? [], now),
        team: reps.filter(
          (r) => people.find((p) => p.userid === r.userid)?.managerUserid === boss.userid,
        ),
        metrics: [
          ...flagged("团队", teamFigures(teamHealth)),
          ...teamHealth.flatMap((rep) => flagged(rep.name, rep.figures)),
        ],
      };
    });

  return { reps, managers };
}

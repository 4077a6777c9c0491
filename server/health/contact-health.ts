import type { CoreDeps } from "../core-deps";
import { Person } from "../db/entities/person.entity";
import { DEFAULT_RULES } from "../rule-settings";

const HOUR = 3_600_000;
/** The decision roles a customer can be covered in (DESIGN.md, 联系人). */
const ROLE_COUNT = 5;
/** Yellow misses the target by less than this share of it; red by this much or more (DESIGN.md). */
export const YELLOW_BAND = 0.15;

export type Metric = "demand_response" | "coverage" | "objection_closure";
export type Colour = "green" | "yellow" | "red" | "none";

export interface HealthFigure {
  metric: Metric;
  /** 0 to 1; null when there was nothing to measure (no demands in the window, say). */
  value: number | null;
  /** What the value is made of: answered in time over all, or covered roles over all roles. */
  numerator: number;
  denominator: number;
  target: number;
  colour: Colour;
}

export interface RepHealth {
  userid: string;
  name: string;
  managerUserid: string | null;
  figures: HealthFigure[];
}

export function colourOf(value: number | null, target: number): Colour {
  if (value === null) return "none";
  if (value >= target) return "green";

  return target - value < YELLOW_BAND * target ? "yellow" : "red";
}

function figure(
  metric: Metric,
  numerator: number,
  denominator: number,
  target: number,
): HealthFigure {
  const value = denominator > 0 ? Math.round((numerator / denominator) * 1000) / 1000 : null;

  return { metric, value, numerator, denominator, target, colour: colourOf(value, target) };
}

/** How many cases a figure was measured on: demands, objections, or customers for coverage. */
export function casesOf(f: HealthFigure): number {
  return f.metric === "coverage" ? f.denominator / ROLE_COUNT : f.denominator;
}

type Counts = Map<string, { ok: number; total: number }>;

/**
 * Contact health per rep over [from, to) (客户接触健康度, DESIGN.md): the share of demands answered within
 * the demand limit, the share of objections closed within the objection limit (each counted only once
 * its limit has passed inside the window), and the decision-chain coverage of the customers the rep
 * worked with: roles with a contact reached, out of five, averaged over those customers.
 */
export async function contactHealth(
  deps: Pick<CoreDeps, "db" | "rules">,
  range: { from: Date; to: Date },
): Promise<RepHealth[]> {
  const rules = deps.rules ?? DEFAULT_RULES;
  const { targets } = rules.health;
  const p = (n: number) => deps.db.param(n);
  const from = range.from.getTime();
  const to = range.to.getTime();
  const within = async (
    table: "demand" | "objection",
    doneColumn: string,
    limitMs: number,
  ): Promise<Counts> => {
    const rows = await deps.db.rows<{ rep: string; ok: string | number; total: string | number }>(
      `SELECT c."ownerUserid" AS "rep", COUNT(*) AS "total", ` +
        `SUM(CASE WHEN t."${doneColumn}" IS NOT NULL AND t."${doneColumn}" - t."raisedAt" <= ${limitMs} ` +
        `THEN 1 ELSE 0 END) AS "ok" FROM "${table}" t JOIN "customer" c ON c."id" = t."customerId" ` +
        `WHERE t."raisedAt" >= ${p(1)} AND t."raisedAt" <= ${p(2)} GROUP BY c."ownerUserid"`,
      [from, to - limitMs],
    );
    return new Map(rows.map((r) => [r.rep, { ok: Number(r.ok), total: Number(r.total) }]));
  };
  const demands = await within("demand", "answeredAt", rules.redDots.demandHours * HOUR);
  const objections = await within("objection", "closedAt", rules.redDots.objectionHours * HOUR);
  const coverageRows = await deps.db.rows<{
    rep: string;
    customers: string | number;
    roles: string | number;
  }>(
    `SELECT w."repUserid" AS "rep", COUNT(*) AS "customers", SUM(COALESCE(r."roles", 0)) AS "roles" FROM ` +
      `(SELECT DISTINCT "repUserid", "customerId" FROM "interaction" WHERE "customerId" IS NOT NULL ` +
      `AND "occurredAt" >= ${p(1)} AND "occurredAt" < ${p(2)}) w LEFT JOIN ` +
      `(SELECT "customerId", COUNT(DISTINCT "role") AS "roles" FROM "contact" WHERE "role" IS NOT NULL ` +
      `AND "lastContactAt" >= ${p(3)} AND "lastContactAt" < ${p(4)} GROUP BY "customerId") r ` +
      `ON r."customerId" = w."customerId" GROUP BY w."repUserid"`,
    [from, to, from, to],
  );
  const coverage = new Map(
    coverageRows.map((r) => [r.rep, { roles: Number(r.roles), customers: Number(r.customers) }]),
  );
  const reps = await deps.db.dataSource
    .getRepository(Person)
    .find({ where: { role: "rep" }, order: { userid: "ASC" } });

  return reps.map((rep) => {
    const d = demands.get(rep.userid) ?? { ok: 0, total: 0 };
    const o = objections.get(rep.userid) ?? { ok: 0, total: 0 };
    const c = coverage.get(rep.userid) ?? { roles: 0, customers: 0 };
    return {
      userid: rep.userid,
      name: rep.name,
      managerUserid: rep.managerUserid,
      figures: [
        figure("demand_response", d.ok, d.total, targets.demandResponse),
        figure("coverage", c.roles, c.customers * ROLE_COUNT, targets.coverage),
        figure("objection_closure", o.ok, o.total, targets.objectionClosure),
      ],
    };
  });
}

/** A team's figures: its reps' numerators and denominators summed, not their rates averaged. */
export function teamFigures(reps: RepHealth[]): HealthFigure[] {
  const metrics: Metric[] = ["demand_response", "coverage", "objection_closure"];

  return metrics.map((metric) => {
    const parts = reps.map((r) => r.figures.find((f) => f.metric === metric) as HealthFigure);
    const target = parts[0]?.target ?? 0;
    return figure(
      metric,
      parts.reduce((sum, f) => sum + f.numerator, 0),
      parts.reduce((sum, f) => sum + f.denominator, 0),
      target,
    );
  });
}

import type { CoreDeps } from "../core-deps";
import { BEAT_ACTOR } from "../opportunities/opportunity-history";
import { openStages } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";

const HOUR_MS = 3_600_000;
/** Breaches written per statement: a first scan over a big pipeline may find thousands at once. */
const CHUNK = 400;

/**
 * Raises a breach for every open opportunity whose stage has run past its limit (plus any granted
 * extension) since its stage clock last started, and notes it in the opportunity's history. The
 * breach row is unique per deadline, so a scan run twice, or by two servers, raises it once; returns
 * how many are new.
 */
export async function scanStageTimeouts(deps: CoreDeps, now: Date): Promise<number> {
  const { db } = deps;
  const { definition } = await currentPipeline(db.dataSource.manager);
  const p = (n: number) => db.param(n);
  let raised = 0;
  for (const stage of openStages(definition)) {
    const limitHours = stage.limit_hours;
    if (!limitHours) continue;
    // Due in SQL, so a scan reads only the overdue opportunities, not every open one.
    const overdue = await db.rows<{
      id: number;
      stageClockAt: string | number;
      extensionHours: number;
    }>(
      `SELECT "id", "stageClockAt", "extensionHours" FROM "opportunity" WHERE "status" = 'open' ` +
        `AND "stageKey" = ${p(1)} AND "stageClockAt" + ("extensionHours" + ${p(2)}) * ${HOUR_MS} <= ${p(3)}`,
      [stage.key, limitHours, now.getTime()],
    );
    for (let i = 0; i < overdue.length; i += CHUNK) {
      const batch = overdue.slice(i, i + CHUNK).map((o) => ({
        id: Number(o.id),
        clockStartedAt: Number(o.stageClockAt),
        dueAt: Number(o.stageClockAt) + (limitHours + Number(o.extensionHours)) * HOUR_MS,
      }));
      raised += await db.transaction(async (tx) => {
        const values = batch.map(
          (_, j) =>
            `(${p(j * 4 + 1)}, ${p(j * 4 + 2)}, ${p(j * 4 + 3)}, ${p(j * 4 + 4)}, ${now.getTime()}, 'open')`,
        );
        const inserted = await db.rows<{ opportunityId: number; dueAt: string | number }>(
          `INSERT INTO "stage_timeout" ("opportunityId", "stageKey", "clockStartedAt", "dueAt", "raisedAt", "status") ` +
            `VALUES ${values.join(", ")} ON CONFLICT ("opportunityId", "stageKey", "dueAt") DO NOTHING ` +
            `RETURNING "opportunityId", "dueAt"`,
          batch.flatMap((b) => [b.id, stage.key, b.clockStartedAt, b.dueAt]),
          tx,
        );
        if (inserted.length === 0) {
          return 0;
        }
        // The history says the stage ran over; Beat's own line, no one's action on the deal.
        const detail = (dueAt: number) =>
          JSON.stringify({
            stage: stage.key,
            limitHours: stage.limit_hours,
            dueAt: new Date(dueAt).toISOString(),
          });
        const events = inserted.map(
          (_, j) =>
            `(${p(j * 3 + 1)}, 'timeout', ${p(j * 3 + 2)}, ${p(j * 3 + 3)}, '${BEAT_ACTOR}', ${now.getTime()})`,
        );
        await db.rows(
          `INSERT INTO "opportunity_event" ("opportunityId", "kind", "stageKey", "detail", "byUserid", "at") VALUES ${events.join(", ")}`,
          inserted.flatMap((row) => [
            Number(row.opportunityId),
            stage.key,
            detail(Number(row.dueAt)),
          ]),
          tx,
        );
        return inserted.length;
      });
    }
  }

  return raised;
}

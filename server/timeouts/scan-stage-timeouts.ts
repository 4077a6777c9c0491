import type { CoreDeps } from "../core-deps";
import { Opportunity } from "../db/entities/opportunity.entity";
import { BEAT_ACTOR, recordEvent } from "../opportunities/opportunity-history";
import { openStages } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";

const HOUR_MS = 3_600_000;

/**
 * Raises a breach for every open opportunity whose stage has run past its limit (plus any granted
 * extension) since its stage clock last started. The breach row is unique per deadline, so a scan
 * run twice, or by two servers, raises it once; returns how many are new.
 */
export async function scanStageTimeouts(deps: CoreDeps, now: Date): Promise<number> {
  const manager = deps.db.dataSource.manager;
  const { definition } = await currentPipeline(manager);
  let raised = 0;
  for (const stage of openStages(definition)) {
    if (!stage.limit_hours) continue;
    // Due in SQL, so a scan reads only the overdue opportunities, not every open one.
    const overdue = await manager
      .getRepository(Opportunity)
      .createQueryBuilder("o")
      .where("o.status = 'open' AND o.stageKey = :stage", { stage: stage.key })
      .andWhere(`o."stageClockAt" + (o."extensionHours" + :limit) * ${HOUR_MS} <= :now`, {
        limit: stage.limit_hours,
        now: now.getTime(),
      })
      .getMany();
    for (const opportunity of overdue) {
      const dueAt =
        opportunity.stageClockAt.getTime() +
        (stage.limit_hours + opportunity.extensionHours) * HOUR_MS;
      const inserted = await deps.db.transaction(async (tx) => {
        const p = (n: number) => deps.db.param(n);
        const rows = await deps.db.rows<{ id: number }>(
          `INSERT INTO "stage_timeout" ("opportunityId", "stageKey", "clockStartedAt", "dueAt", "raisedAt", "status") ` +
            `VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, 'open') ` +
            `ON CONFLICT ("opportunityId", "stageKey", "dueAt") DO NOTHING RETURNING "id"`,
          [opportunity.id, stage.key, opportunity.stageClockAt.getTime(), dueAt, now.getTime()],
          tx,
        );
        if (rows.length === 0) {
          return false;
        }
        await recordEvent(tx, opportunity, {
          kind: "timeout",
          detail: {
            stage: stage.key,
            limitHours: stage.limit_hours,
            dueAt: new Date(dueAt).toISOString(),
          },
          by: BEAT_ACTOR,
          at: now,
        });
        // The scan is no action on the deal: the idle clock stays where people left it.
        await tx.getRepository(Opportunity).update({ id: opportunity.id }, { updatedAt: now });
        return true;
      });
      if (inserted) raised += 1;
    }
  }

  return raised;
}

import type { EntityManager } from "typeorm";
import type { Opportunity } from "../db/entities/opportunity.entity";
import {
  OpportunityEvent,
  type OpportunityEventKind,
} from "../db/entities/opportunity-event.entity";
import { StageTimeout } from "../db/entities/stage-timeout.entity";

/** Who Beat itself is in the history: what the scheduled scan did is no one's action on the deal. */
export const BEAT_ACTOR = "beat";

/** Adds one line to the opportunity's history and, for a person's action, notes it on the opportunity. */
export async function recordEvent(
  manager: EntityManager,
  opportunity: Opportunity,
  event: { kind: OpportunityEventKind; detail: Record<string, unknown>; by: string; at: Date },
): Promise<void> {
  const repo = manager.getRepository(OpportunityEvent);
  await repo.save(
    repo.create({
      opportunityId: opportunity.id,
      kind: event.kind,
      stageKey: opportunity.stageKey,
      detail: event.detail,
      byUserid: event.by,
      at: event.at,
    }),
  );
  if (event.by !== BEAT_ACTOR) {
    opportunity.lastActionAt = event.at;
  }
  opportunity.updatedAt = event.at;
}

/**
 * Restarts the stage clock because evidence for the stage arrived, saying which; an overrun it
 * answers is over. Only evidence does this: an unrelated edit leaves the clock where it was.
 */
export async function restartStageClock(
  manager: EntityManager,
  opportunity: Opportunity,
  reason: string,
  at: Date,
): Promise<void> {
  opportunity.stageClockAt = at;
  opportunity.stageClockEvent = reason.slice(0, 200);
  await endTimeouts(manager, opportunity, at);
}

/** Marks the opportunity's open breaches of its current stage resolved. */
export async function endTimeouts(
  manager: EntityManager,
  opportunity: Pick<Opportunity, "id" | "stageKey">,
  at: Date,
): Promise<void> {
  await manager
    .getRepository(StageTimeout)
    .createQueryBuilder()
    .update()
    .set({ status: "resolved", resolvedAt: at })
    .where(`"opportunityId" = :id AND "stageKey" = :stage AND "status" != 'resolved'`, {
      id: opportunity.id,
      stage: opportunity.stageKey,
    })
    .execute();
}

import { type EntityManager, MoreThanOrEqual } from "typeorm";
import { Interaction } from "../db/entities/interaction.entity";
import type { Opportunity } from "../db/entities/opportunity.entity";
import { OpportunityEvent } from "../db/entities/opportunity-event.entity";
import { type PipelineDefinition, stageOf } from "../pipeline/pipeline-definition";
import { BEAT_ACTOR } from "./opportunity-history";

/**
 * An action keeps a deal warm for a working day; only what lies beyond counts as idle. Without such
 * a grace every hour between two actions would be "idle" and the figure would say nothing.
 */
export const ACTIVE_AFTER_ACTION_MS = 24 * 3_600_000;

export interface StageCycle {
  stageKey: string;
  stageName: string;
  enteredAt: Date;
  /** Null for the stage the opportunity is in now. */
  leftAt: Date | null;
  timeInStageMs: number;
  /** Time in the stage with no action by anyone (fields, files, moves, interactions with the customer). */
  idleMs: number;
}

export interface CycleFigures {
  stages: StageCycle[];
  /** Since the last action by anyone, now. */
  idleNowMs: number;
}

/** Time outside the day after each action, between `from` and `to`. */
function idleBetween(from: number, to: number, actions: number[]): number {
  let idle = 0;
  let coveredUntil = from + ACTIVE_AFTER_ACTION_MS;
  for (const at of actions.filter((a) => a > from && a < to).sort((a, b) => a - b)) {
    if (at > coveredUntil) idle += at - coveredUntil;
    coveredUntil = Math.max(coveredUntil, at + ACTIVE_AFTER_ACTION_MS);
  }

  return idle + Math.max(0, to - coveredUntil);
}

/**
 * Time in each stage and its idle time, for one opportunity: the stage periods come from its history
 * (created, stage moves), the actions from its history and the customer's interactions.
 */
export async function cycleFigures(
  manager: EntityManager,
  opportunity: Opportunity,
  pipeline: PipelineDefinition,
  now: Date,
): Promise<CycleFigures> {
  const events = await manager
    .getRepository(OpportunityEvent)
    .find({ where: { opportunityId: opportunity.id }, order: { at: "ASC", id: "ASC" } });
  const interactions = await manager.getRepository(Interaction).find({
    where: {
      customerId: opportunity.customerId,
      occurredAt: MoreThanOrEqual(opportunity.createdAt),
    },
    select: { occurredAt: true },
  });
  const actions = [
    ...events.filter((e) => e.byUserid !== BEAT_ACTOR).map((e) => e.at.getTime()),
    ...interactions.map((i) => i.occurredAt.getTime()),
  ];
  const periods: { stageKey: string; enteredAt: Date }[] = [];
  for (const event of events) {
    if (event.kind === "created")
      periods.push({ stageKey: String(event.detail.stage), enteredAt: event.at });
    if (event.kind === "stage_moved")
      periods.push({ stageKey: String(event.detail.to), enteredAt: event.at });
  }
  const end = opportunity.status === "open" ? now.getTime() : opportunity.stageEnteredAt.getTime();
  const stages = periods.map((period, i): StageCycle => {
    const next = periods[i + 1];
    const from = period.enteredAt.getTime();
    const to = next ? next.enteredAt.getTime() : Math.max(end, from);

    return {
      stageKey: period.stageKey,
      stageName: stageOf(pipeline, period.stageKey)?.name ?? period.stageKey,
      enteredAt: period.enteredAt,
      leftAt: next ? next.enteredAt : null,
      timeInStageMs: to - from,
      idleMs: idleBetween(from, to, actions),
    };
  });
  const lastAction = Math.max(opportunity.lastActionAt.getTime(), ...actions);

  return { stages, idleNowMs: Math.max(0, now.getTime() - lastAction) };
}

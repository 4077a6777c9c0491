import type { EntityManager } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Attachment } from "../db/entities/attachment.entity";
import { Contact } from "../db/entities/contact.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { OpportunityField } from "../db/entities/opportunity-field.entity";
import type { Person } from "../db/entities/person.entity";
import { BeatError } from "../errors";
import { checkFieldValue } from "../pipeline/field-values";
import {
  openStages,
  type PipelineDefinition,
  type StageDefinition,
  stageOf,
} from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { type ChecklistItem, missingItems, stageChecklist } from "../pipeline/stage-gate";
import { opportunityFor } from "./opportunity-access";
import { endTimeouts, recordEvent } from "./opportunity-history";

/** The stage being left is not complete: what it still misses travels with the refusal. */
export class GateError extends BeatError {
  constructor(stage: StageDefinition, missing: ChecklistItem[]) {
    super(
      "gate_incomplete",
      `${stage.name} is not complete: ${missing.map((m) => m.label).join(", ")}`,
      409,
      { stage: stage.key, missing: missing.map(({ kind, key, label }) => ({ kind, key, label })) },
    );
  }
}

/** The checklist of an opportunity's stage, from what is stored for it. */
export async function checklistOf(
  manager: EntityManager,
  pipeline: PipelineDefinition,
  opportunityId: number,
  stage: StageDefinition,
): Promise<ChecklistItem[]> {
  const [fields, attachments] = await Promise.all([
    manager.getRepository(OpportunityField).findBy({ opportunityId, stageKey: stage.key }),
    manager.getRepository(Attachment).findBy({ opportunityId, stageKey: stage.key }),
  ]);

  return stageChecklist(pipeline, stage, fields, attachments);
}

export interface StageMove {
  by: Pick<Person, "userid" | "role">;
  opportunityId: number;
  toStage: string;
  /** The fields of the stage moved into, for outcome stages that ask for them (输单原因). */
  values?: Record<string, unknown>;
}

/**
 * Moves an opportunity (moveStage). Forward means the next open stage, or won from the last one, and
 * only when the stage being left is complete; lost is open from any stage with its own fields; going
 * back is allowed, as deals do slip. Every move restarts the stage clock and goes into the history.
 */
export async function moveStage(deps: CoreDeps, input: StageMove): Promise<Opportunity> {
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const opportunity = await opportunityFor(manager, input.by, input.opportunityId);
    if (opportunity.status !== "open") {
      throw new BeatError("opportunity_closed", "the opportunity is already won or lost", 409);
    }
    const { definition } = await currentPipeline(manager);
    const from = stageOf(definition, opportunity.stageKey);
    const to = stageOf(definition, input.toStage);
    if (!to) {
      throw new BeatError("stage_unknown", `there is no stage ${input.toStage}`, 400);
    }
    if (!from) {
      throw new BeatError(
        "stage_unknown",
        `stage ${opportunity.stageKey} is not in the pipeline`,
        409,
      );
    }
    if (from.key === to.key) {
      throw new BeatError("stage_unchanged", `the opportunity is already in ${to.name}`, 409);
    }
    const open = openStages(definition);
    const fromIndex = open.findIndex((s) => s.key === from.key);
    const toIndex = open.findIndex((s) => s.key === to.key);
    const forward = to.outcome === "won" || (toIndex >= 0 && toIndex > fromIndex);
    if (to.outcome === "won" && fromIndex !== open.length - 1) {
      throw new BeatError("stage_skipped", `won comes after ${open.at(-1)?.name}`, 409);
    }
    if (forward && to.outcome !== "won" && toIndex !== fromIndex + 1) {
      throw new BeatError(
        "stage_skipped",
        `after ${from.name} comes ${open[fromIndex + 1]?.name}`,
        409,
      );
    }
    if (forward) {
      const missing = missingItems(await checklistOf(manager, definition, opportunity.id, from));
      if (missing.length > 0) {
        throw new GateError(from, missing);
      }
    }
    const outcomeValues = await checkOutcomeValues(manager, opportunity, to, input.values ?? {});
    for (const [fieldKey, value] of outcomeValues) {
      await manager.getRepository(OpportunityField).save({
        opportunityId: opportunity.id,
        stageKey: to.key,
        fieldKey,
        value,
        setBy: input.by.userid,
        setAt: now,
      });
    }
    await endTimeouts(manager, opportunity, now);
    await recordEvent(manager, opportunity, {
      kind: "stage_moved",
      detail: {
        from: from.key,
        to: to.key,
        toName: to.name,
        values: Object.fromEntries(outcomeValues),
      },
      by: input.by.userid,
      at: now,
    });
    opportunity.stageKey = to.key;
    opportunity.status = to.outcome ?? "open";
    opportunity.stageEnteredAt = now;
    opportunity.stageClockAt = now;
    opportunity.stageClockEvent = `进入${to.name}`;
    opportunity.extensionHours = 0;

    return manager.getRepository(Opportunity).save(opportunity);
  });
}

/** The fields an outcome stage asks for on entry (输单原因), checked; all problems named at once. */
async function checkOutcomeValues(
  manager: EntityManager,
  opportunity: Opportunity,
  to: StageDefinition,
  values: Record<string, unknown>,
): Promise<Map<string, unknown>> {
  const accepted = new Map<string, unknown>();
  if (!to.outcome) {
    return accepted;
  }
  const contacts = await manager
    .getRepository(Contact)
    .findBy({ customerId: opportunity.customerId });
  const problems: string[] = [];
  for (const field of to.fields) {
    if (values[field.key] === undefined) {
      if (field.required)
        problems.push(`${field.key}: ${field.label} is required to enter ${to.name}`);
      continue;
    }
    const checked = checkFieldValue(field, values[field.key], contacts);
    if (checked.ok) accepted.set(field.key, checked.value);
    else problems.push(`${field.key}: ${checked.problem}`);
  }
  if (problems.length > 0) {
    throw new BeatError("fields_invalid", problems.join("; "), 400);
  }

  return accepted;
}

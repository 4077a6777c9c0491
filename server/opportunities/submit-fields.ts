import type { CoreDeps } from "../core-deps";
import { Contact } from "../db/entities/contact.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { OpportunityField } from "../db/entities/opportunity-field.entity";
import type { Person } from "../db/entities/person.entity";
import { BeatError } from "../errors";
import { checkFieldValue } from "../pipeline/field-values";
import { stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { opportunityFor } from "./opportunity-access";
import { recordEvent, restartStageClock } from "./opportunity-history";

/**
 * Fills fields of the opportunity's current stage (the stage form). Every value is checked against
 * its field before anything is stored, and all problems are reported together. A required field of
 * the stage is evidence: it restarts the stage clock. A value saved again unchanged is not: the form
 * re-sends every field, and re-saving would otherwise keep a stalled stage's clock young forever.
 */
export async function submitFields(
  deps: CoreDeps,
  input: {
    by: Pick<Person, "userid" | "role">;
    opportunityId: number;
    values: Record<string, unknown>;
  },
): Promise<Opportunity> {
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const opportunity = await opportunityFor(manager, input.by, input.opportunityId);
    if (opportunity.status !== "open") {
      throw new BeatError("opportunity_closed", "the opportunity is already won or lost", 409);
    }
    const { definition } = await currentPipeline(manager);
    const stage = stageOf(definition, opportunity.stageKey);
    if (!stage) {
      throw new BeatError(
        "stage_unknown",
        `stage ${opportunity.stageKey} is not in the pipeline`,
        409,
      );
    }
    const contacts = await manager.getRepository(Contact).find({
      where: { customerId: opportunity.customerId },
      select: { id: true, name: true, role: true },
    });
    const problems: string[] = [];
    const accepted: { key: string; label: string; value: unknown; required: boolean }[] = [];
    for (const [key, raw] of Object.entries(input.values)) {
      const field = stage.fields.find((f) => f.key === key);
      if (!field) {
        problems.push(`${key}: not a field of ${stage.name}`);
        continue;
      }
      const checked = checkFieldValue(field, raw, contacts);
      if (checked.ok) {
        accepted.push({ key, label: field.label, value: checked.value, required: field.required });
      } else {
        problems.push(`${key}: ${checked.problem}`);
      }
    }
    if (problems.length > 0 || accepted.length === 0) {
      throw new BeatError("fields_invalid", problems.join("; ") || "no field was given", 400);
    }
    const repo = manager.getRepository(OpportunityField);
    const changed: typeof accepted = [];
    for (const field of accepted) {
      const existing = await repo.findOneBy({
        opportunityId: opportunity.id,
        stageKey: stage.key,
        fieldKey: field.key,
      });
      if (existing && JSON.stringify(existing.value) === JSON.stringify(field.value)) {
        continue;
      }
      changed.push(field);
      await repo.save(
        repo.create({
          ...(existing ?? {}),
          opportunityId: opportunity.id,
          stageKey: stage.key,
          fieldKey: field.key,
          value: field.value,
          setBy: input.by.userid,
          setAt: now,
        }),
      );
      await recordEvent(manager, opportunity, {
        kind: "field_set",
        detail: { field: field.key, label: field.label, value: field.value },
        by: input.by.userid,
        at: now,
      });
    }
    const evidence = changed.filter((f) => f.required);
    if (evidence.length > 0) {
      await restartStageClock(
        manager,
        opportunity,
        `字段 ${evidence.map((f) => f.label).join("、")}`,
        now,
      );
    }

    return manager.getRepository(Opportunity).save(opportunity);
  });
}

import type { CoreDeps } from "../core-deps";
import { Contact } from "../db/entities/contact.entity";
import { OpportunityField } from "../db/entities/opportunity-field.entity";
import type { Person } from "../db/entities/person.entity";
import { BeatError } from "../errors";
import {
  openStages,
  type PipelineDefinition,
  type StageDefinition,
  stageOf,
} from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { prefillFields, type Suggestion } from "../pipeline/prefill";
import { opportunityFor } from "./opportunity-access";

export interface StageForm {
  opportunityId: number;
  stage: StageDefinition;
  /** Attachment types the stage asks for, with what they accept. */
  attachmentTypes: PipelineDefinition["attachment_types"];
  /** What is filled already, by field key. */
  values: Record<string, unknown>;
  /** Values read from earlier messages for the fields still empty, for the rep to confirm. */
  prefill: Suggestion[];
  contacts: Pick<Contact, "id" | "name" | "role">[];
  /** The stage that comes next: the next open one, or won after the last. */
  nextStage: StageDefinition | null;
}

/** The form of an opportunity's current stage, as the mini-program renders it. */
export async function stageForm(
  deps: CoreDeps,
  by: Pick<Person, "userid" | "role">,
  opportunityId: number,
): Promise<StageForm> {
  const manager = deps.db.dataSource.manager;
  const opportunity = await opportunityFor(manager, by, opportunityId);
  const { definition } = await currentPipeline(manager);
  const stage = stageOf(definition, opportunity.stageKey);
  if (!stage) {
    throw new BeatError(
      "stage_unknown",
      `stage ${opportunity.stageKey} is not in the pipeline`,
      409,
    );
  }
  const stored = await manager
    .getRepository(OpportunityField)
    .findBy({ opportunityId, stageKey: stage.key });
  const values = Object.fromEntries(stored.map((f) => [f.fieldKey, f.value]));
  const empty = stage.fields.filter((f) => values[f.key] === undefined);

  const open = openStages(definition);
  const index = open.findIndex((s) => s.key === stage.key);
  const nextStage =
    index < 0
      ? null
      : (open[index + 1] ?? definition.stages.find((s) => s.outcome === "won") ?? null);
  const contacts = await manager.getRepository(Contact).find({
    where: { customerId: opportunity.customerId },
    select: { id: true, name: true, role: true },
    order: { id: "ASC" },
  });

  return {
    opportunityId,
    stage,
    contacts,
    nextStage,
    attachmentTypes: Object.fromEntries(
      stage.attachments.map((type) => [type, definition.attachment_types[type]]),
    ) as PipelineDefinition["attachment_types"],
    values,
    prefill: await prefillFields(manager, opportunity.customerId, empty, deps.clock.now()),
  };
}

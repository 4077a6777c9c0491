import type { CoreDeps } from "../core-deps";
import { Opportunity } from "../db/entities/opportunity.entity";
import { PipelineVersion } from "../db/entities/pipeline-version.entity";
import { BeatError } from "../errors";
import { checklistOf } from "../opportunities/move-stage";
import { PipelineError, parsePipeline, stageOf } from "./pipeline-definition";
import { currentPipeline } from "./pipeline-store";
import { missingItems } from "./stage-gate";

export interface FlaggedOpportunity {
  opportunityId: number;
  name: string;
  ownerUserid: string;
  stageKey: string;
  /** The stage is gone from the new pipeline: the opportunity stays where it is until someone moves it. */
  stageRemoved: boolean;
  /** Everything its stage now asks for that is not in place. */
  missing: string[];
  /** Of those, what the previous pipeline did not ask for (or had in place): why it no longer passes. */
  newlyMissing: string[];
}

/**
 * Saves a new pipeline (an admin's replacement) as the next version, after checking it whole, and
 * re-checks every open opportunity against it. Nothing is moved or deleted: the answer lists which
 * opportunities now miss what, so people can act on it.
 */
export async function replacePipeline(
  deps: CoreDeps,
  input: { savedBy: string; definition: unknown },
): Promise<{ version: number; flagged: FlaggedOpportunity[] }> {
  let definition: ReturnType<typeof parsePipeline>;
  try {
    definition = parsePipeline(input.definition);
  } catch (error) {
    if (error instanceof PipelineError) {
      throw new BeatError("pipeline_invalid", error.message, 400, { problems: error.problems });
    }
    throw error;
  }

  return deps.db.transaction(async (manager) => {
    const previous = await currentPipeline(manager);
    const saved = await manager
      .getRepository(PipelineVersion)
      .save({ definition, savedBy: input.savedBy, savedAt: deps.clock.now() });
    const open = await manager
      .getRepository(Opportunity)
      .find({ where: { status: "open" }, order: { id: "ASC" } });
    const flagged: FlaggedOpportunity[] = [];
    for (const opportunity of open) {
      const stage = stageOf(definition, opportunity.stageKey);
      const base = {
        opportunityId: opportunity.id,
        name: opportunity.name,
        ownerUserid: opportunity.ownerUserid,
        stageKey: opportunity.stageKey,
      };
      if (!stage) {
        flagged.push({ ...base, stageRemoved: true, missing: [], newlyMissing: [] });
        continue;
      }
      const missing = missingItems(await checklistOf(manager, definition, opportunity.id, stage));
      if (missing.length === 0) {
        continue;
      }
      const oldStage = stageOf(previous.definition, opportunity.stageKey);
      const missedBefore = oldStage
        ? missingItems(await checklistOf(manager, previous.definition, opportunity.id, oldStage))
        : [];
      const before = new Set(missedBefore.map((m) => `${m.kind}:${m.key}`));
      flagged.push({
        ...base,
        stageRemoved: false,
        missing: missing.map((m) => m.label),
        newlyMissing: missing.filter((m) => !before.has(`${m.kind}:${m.key}`)).map((m) => m.label),
      });
    }

    return { version: saved.id, flagged };
  });
}

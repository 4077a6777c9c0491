import { readFileSync } from "node:fs";
import path from "node:path";
import type { EntityManager } from "typeorm";
import { parse } from "yaml";
import { PipelineVersion } from "../db/entities/pipeline-version.entity";
import { projectRoot } from "../project-root";
import { type PipelineDefinition, parsePipeline } from "./pipeline-definition";

export const DEFAULT_PIPELINE_FILE = path.join(projectRoot(), "pipeline", "default-pipeline.yaml");

/** The pipeline that ships with Beat (pipeline/default-pipeline.yaml), checked like any other. */
export function defaultPipeline(file = DEFAULT_PIPELINE_FILE): PipelineDefinition {
  return parsePipeline(parse(readFileSync(file, "utf8")));
}

export interface CurrentPipeline {
  version: number;
  definition: PipelineDefinition;
}

/**
 * The pipeline in force: the newest saved version, or the default one, saved as version 1 the first
 * time anything asks (so every opportunity's history points at a version that exists).
 */
export async function currentPipeline(manager: EntityManager): Promise<CurrentPipeline> {
  const repo = manager.getRepository(PipelineVersion);
  const [newest] = await repo.find({ order: { id: "DESC" }, take: 1 });
  if (newest) {
    return { version: newest.id, definition: newest.definition };
  }
  const saved = await repo.save(
    repo.create({ definition: defaultPipeline(), savedBy: "default", savedAt: new Date() }),
  );

  return { version: saved.id, definition: saved.definition };
}

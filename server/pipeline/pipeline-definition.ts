import { z } from "zod";

/** The kinds of file an attachment type accepts; each maps to the content types read from the bytes. */
export const FILE_KINDS = {
  image: ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"],
  pdf: ["application/pdf"],
  spreadsheet: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  document: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
} as const;
export type FileKind = keyof typeof FILE_KINDS;

export const FIELD_TYPES = [
  "text",
  "number",
  "money",
  "date",
  "single_choice",
  "multiple_choice",
  "contact",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "must be lower-case letters, digits and _ (need_confirmed)");

const fieldSchema = z
  .object({
    key,
    label: z.string().min(1).max(40),
    type: z.enum(FIELD_TYPES),
    options: z.array(z.string().min(1).max(40)).min(2).max(20).optional(),
    /** For contact fields: the decision role the contact must have (technical for a signing engineer). */
    role: z.enum(["procurement", "technical", "finance", "executive", "user"]).optional(),
    required: z.boolean().default(true),
  })
  .strict()
  .refine(
    (f) => (f.type === "single_choice" || f.type === "multiple_choice") === Boolean(f.options),
    "choice fields need options, and only they may have them",
  );

const stageSchema = z
  .object({
    key,
    name: z.string().min(1).max(20),
    limit_hours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
    outcome: z.enum(["won", "lost"]).optional(),
    fields: z.array(fieldSchema).default([]),
    attachments: z.array(key).default([]),
  })
  .strict();

const attachmentTypeSchema = z
  .object({
    label: z.string().min(1).max(20),
    kinds: z.array(z.enum(Object.keys(FILE_KINDS) as [FileKind, ...FileKind[]])).min(1),
    max_mb: z.number().positive().max(50).default(20),
  })
  .strict();

export const pipelineSchema = z
  .object({
    attachment_types: z.record(key, attachmentTypeSchema),
    stages: z.array(stageSchema).min(2),
  })
  .strict();

export type PipelineDefinition = z.output<typeof pipelineSchema>;
export type StageDefinition = PipelineDefinition["stages"][number];
export type FieldDefinition = StageDefinition["fields"][number];

export class PipelineError extends Error {
  readonly code = "pipeline_invalid";

  constructor(readonly problems: string[]) {
    super(`the pipeline definition has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  }
}

/** What the schema cannot say: names unique, outcomes present and last, references resolved. */
function crossChecks(p: PipelineDefinition): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  p.stages.forEach((stage, i) => {
    const where = `stages.${i} (${stage.key})`;
    if (seen.has(stage.key)) problems.push(`${where}: the key ${stage.key} is used twice`);
    seen.add(stage.key);
    if (!stage.outcome && stage.limit_hours === undefined) {
      problems.push(`${where}: an open stage needs limit_hours`);
    }
    if (stage.outcome === "won" && (stage.fields.length || stage.attachments.length)) {
      problems.push(
        `${where}: the won stage asks for nothing; put requirements on the stage before it`,
      );
    }
    const fieldKeys = new Set<string>();
    for (const field of stage.fields) {
      if (fieldKeys.has(field.key)) problems.push(`${where}: field ${field.key} is listed twice`);
      fieldKeys.add(field.key);
    }
    for (const type of stage.attachments) {
      if (!p.attachment_types[type]) {
        problems.push(`${where}: attachment type ${type} is not in attachment_types`);
      }
    }
  });
  const open = p.stages.filter((s) => !s.outcome);
  if (open.length === 0) problems.push("stages: there must be at least one open stage");
  if (!p.stages.some((s) => s.outcome === "won"))
    problems.push("stages: one stage must have outcome: won");
  if (!p.stages.some((s) => s.outcome === "lost"))
    problems.push("stages: one stage must have outcome: lost");
  const firstOutcome = p.stages.findIndex((s) => s.outcome);
  if (firstOutcome >= 0 && p.stages.slice(firstOutcome).some((s) => !s.outcome)) {
    problems.push("stages: the won and lost stages come after every open stage");
  }

  return problems;
}

/** Checks a definition (parsed YAML or JSON) and returns it, or throws listing every problem. */
export function parsePipeline(input: unknown): PipelineDefinition {
  const parsed = pipelineSchema.safeParse(input);
  if (!parsed.success) {
    throw new PipelineError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "definition"}: ${issue.message}`,
      ),
    );
  }
  const problems = crossChecks(parsed.data);
  if (problems.length > 0) {
    throw new PipelineError(problems);
  }

  return parsed.data;
}

/** The open stages, in order: the ones an opportunity walks through. */
export function openStages(p: PipelineDefinition): StageDefinition[] {
  return p.stages.filter((s) => !s.outcome);
}

export function stageOf(p: PipelineDefinition, stageKey: string): StageDefinition | undefined {
  return p.stages.find((s) => s.key === stageKey);
}

import type { Attachment } from "../db/entities/attachment.entity";
import type { OpportunityField } from "../db/entities/opportunity-field.entity";
import type { PipelineDefinition, StageDefinition } from "./pipeline-definition";

export interface ChecklistItem {
  kind: "field" | "attachment";
  key: string;
  label: string;
  required: boolean;
  done: boolean;
  /** A field's value, when filled. */
  value?: unknown;
  /** The files given for an attachment type. */
  attachmentIds?: number[];
}

/** Whether a stored value counts as filled: blank text, NaN and empty lists do not. */
export function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.length > 0;

  return true;
}

/**
 * What a stage asks for and what of it is in place for one opportunity: its fields (filled for this
 * stage) and its attachment types (at least one file of each, given in this stage).
 */
export function stageChecklist(
  pipeline: PipelineDefinition,
  stage: StageDefinition,
  fields: OpportunityField[],
  attachments: Attachment[],
): ChecklistItem[] {
  const fieldItems = stage.fields.map((field): ChecklistItem => {
    const stored = fields.find((f) => f.stageKey === stage.key && f.fieldKey === field.key);
    const done = stored !== undefined && isFilled(stored.value);

    return {
      kind: "field",
      key: field.key,
      label: field.label,
      required: field.required,
      done,
      ...(done ? { value: stored?.value } : {}),
    };
  });
  const attachmentItems = stage.attachments.map((type): ChecklistItem => {
    const files = attachments.filter((a) => a.stageKey === stage.key && a.type === type);

    return {
      kind: "attachment",
      key: type,
      label: pipeline.attachment_types[type]?.label ?? type,
      required: true,
      done: files.length > 0,
      attachmentIds: files.map((f) => f.id),
    };
  });

  return [...fieldItems, ...attachmentItems];
}

/** The required items not yet in place: exactly what stands between the stage and the next. */
export function missingItems(checklist: ChecklistItem[]): ChecklistItem[] {
  return checklist.filter((item) => item.required && !item.done);
}

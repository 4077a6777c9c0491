import type { CoreDeps } from "../core-deps";
import { Attachment } from "../db/entities/attachment.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import type { Person } from "../db/entities/person.entity";
import { BeatError } from "../errors";
import { FILE_KINDS, stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { opportunityFor } from "./opportunity-access";
import { recordEvent, restartStageClock } from "./opportunity-history";

/** The content type the bytes themselves say, or null for text and anything file-type does not know. */
async function sniff(bytes: Buffer): Promise<string | null> {
  // file-type is an ES module; Beat is CommonJS, so it is loaded on first use.
  const { fileTypeFromBuffer } = await import("file-type");

  return (await fileTypeFromBuffer(bytes))?.mime ?? null;
}

/**
 * Adds a file as evidence for the opportunity's current stage. The type must be one the stage asks
 * for; the content type is read from the bytes (a photo renamed .pdf is still a photo) and must be a
 * kind the type accepts; the size must be within the type's limit. Evidence restarts the stage clock.
 */
export async function addAttachment(
  deps: CoreDeps,
  input: {
    by: Pick<Person, "userid" | "role">;
    opportunityId: number;
    type: string;
    fileName: string;
    bytes: Buffer;
  },
): Promise<Attachment> {
  const contentType = await sniff(input.bytes);
  const now = deps.clock.now();
  const checked = await deps.db.transaction(async (manager) => {
    const opportunity = await opportunityFor(manager, input.by, input.opportunityId);
    const { definition } = await currentPipeline(manager);
    const stage = stageOf(definition, opportunity.stageKey);
    const type = definition.attachment_types[input.type];
    if (opportunity.status !== "open" || !stage?.attachments.includes(input.type) || !type) {
      throw new BeatError(
        "attachment_type_not_asked",
        `${stage?.name ?? opportunity.stageKey} does not ask for ${input.type}; it asks for ${stage?.attachments.join(", ") || "no files"}`,
        400,
      );
    }
    const allowed: readonly string[] = type.kinds.flatMap((kind) => FILE_KINDS[kind]);
    if (!contentType || !allowed.includes(contentType)) {
      throw new BeatError(
        "attachment_content_refused",
        `${type.label} takes ${type.kinds.join(", ")}; this file is ${contentType ?? "of an unknown kind"}`,
        415,
      );
    }
    if (input.bytes.length === 0 || input.bytes.length > type.max_mb * 1024 * 1024) {
      throw new BeatError(
        "attachment_too_large",
        `${type.label} may be at most ${type.max_mb} MB`,
        413,
      );
    }
    return { stage, type, opportunityId: opportunity.id };
  });
  // The bytes go to disk outside the transaction (a slow disk must not hold SQLite's lock); a file
  // left behind by a failed insert is harmless, as it is named by its own hash.
  const sha256 = await deps.files.put(input.bytes);

  return deps.db.transaction(async (manager) => {
    const opportunity = await manager
      .getRepository(Opportunity)
      .findOneByOrFail({ id: checked.opportunityId });
    const repo = manager.getRepository(Attachment);
    const attachment = await repo.save(
      repo.create({
        opportunityId: opportunity.id,
        stageKey: checked.stage.key,
        type: input.type,
        // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
        fileName: input.fileName.replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200) || "file",
        contentType: contentType as string,
        size: input.bytes.length,
        sha256,
        uploadedBy: input.by.userid,
        uploadedAt: now,
      }),
    );
    await recordEvent(manager, opportunity, {
      kind: "attachment_added",
      detail: { attachment: attachment.id, type: input.type, label: checked.type.label },
      by: input.by.userid,
      at: now,
    });
    if (opportunity.stageKey === checked.stage.key) {
      await restartStageClock(manager, opportunity, `附件 ${checked.type.label}`, now);
    }
    await manager.getRepository(Opportunity).save(opportunity);

    return attachment;
  });
}

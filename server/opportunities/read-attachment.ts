import type { CoreDeps } from "../core-deps";
import { Attachment } from "../db/entities/attachment.entity";
import type { Person } from "../db/entities/person.entity";
import { NotFoundError } from "../errors";
import { opportunityFor } from "./opportunity-access";

/** An attachment's record and bytes, for someone allowed to see its opportunity. */
export async function readAttachment(
  deps: CoreDeps,
  by: Pick<Person, "userid" | "role">,
  attachmentId: number,
): Promise<{ attachment: Attachment; bytes: Buffer }> {
  const manager = deps.db.dataSource.manager;
  const attachment = await manager.getRepository(Attachment).findOneBy({ id: attachmentId });
  if (!attachment) {
    throw new NotFoundError("attachment");
  }
  await opportunityFor(manager, by, attachment.opportunityId);

  return { attachment, bytes: await deps.files.get(attachment.sha256) };
}

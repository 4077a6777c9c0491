import { randomBytes } from "node:crypto";
import type { EntityManager } from "typeorm";
import { type CardOption, type CardPurpose, CardTask } from "../db/entities/card-task.entity";

/**
 * The card that asks `touser` about `subjectId`, created once: asking again (a retried delivery)
 * returns the card already made, so the rep is never shown two cards for one question. WeCom wants a
 * task id unique for the app forever, hence the random part (a fresh database must not reuse one).
 */
export async function cardTaskFor(
  manager: EntityManager,
  input: { purpose: CardPurpose; touser: string; subjectId: number; options: CardOption[] },
  now: Date,
): Promise<CardTask> {
  const repo = manager.getRepository(CardTask);
  const existing = await repo.findOneBy({
    purpose: input.purpose,
    touser: input.touser,
    subjectId: input.subjectId,
  });
  if (existing) {
    return existing;
  }

  return repo.save(
    repo.create({
      ...input,
      taskId: `${input.purpose}_${input.subjectId}_${randomBytes(6).toString("hex")}`,
      createdAt: now,
      resolvedAt: null,
      resolution: null,
    }),
  );
}

/** Marks every open card about `subjectId` settled, by a click or by an answer in chat. */
export async function settleCards(
  manager: EntityManager,
  subjectId: number,
  resolution: string,
  now: Date,
): Promise<void> {
  await manager
    .getRepository(CardTask)
    .createQueryBuilder()
    .update()
    .set({ resolvedAt: now, resolution })
    .where(`"subjectId" = :subjectId AND "resolvedAt" IS NULL`, { subjectId })
    .execute();
}

import { expectReply } from "../conversation/rep-context-store";
import type { CoreDeps } from "../core-deps";
import type { CardOption, CardTask } from "../db/entities/card-task.entity";
import { finishPendingLog } from "../interactions/finish-pending-log";
import type { CardAnswer } from "./answer-card";
import { settleCards } from "./card-tasks";

/** Which customer a waiting follow-up is about (pick_customer), or whether to create it (create_customer). */
export async function answerCustomerCard(
  deps: CoreDeps,
  card: CardTask,
  option: CardOption,
): Promise<CardAnswer> {
  if (option.key === "none") {
    const now = deps.clock.now();
    await deps.db.transaction(async (manager) => {
      await settleCards(manager, card.subjectId, "none", now);
      // The rep was told to type the name; their reply must land on this follow-up, even if
      // another one started waiting since the card was sent.
      await expectReply(manager, card.touser, "customer_for_log", card.subjectId, now);
    });
    return { kind: "dismissed" };
  }
  const choice =
    option.customerId !== undefined
      ? { customerId: option.customerId }
      : { createName: option.customerName ?? option.label };
  const logged = await finishPendingLog(deps, {
    repUserid: card.touser,
    interactionId: card.subjectId,
    choice,
    settledBy: option.key,
  });

  return { kind: "logged", logged };
}

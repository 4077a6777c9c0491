import { type EntityManager, MoreThanOrEqual } from "typeorm";
import { Opportunity } from "../db/entities/opportunity.entity";

/**
 * How far back a deal opened on the same customer is taken for the one a 新商机 means: a message
 * sent twice, or a teammate who opened it this morning. A second deal a day later is a decision.
 */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60_000;

/** The word after 新商机 <客户> <金额> that opens a second deal on purpose (新商机 绍兴纺织 45万 再开一个). */
export const OPEN_ANOTHER = "再开一个";

/** The newest open deal on the customer opened, by anyone, within the window before `now`. */
export function recentOpenDeal(
  manager: EntityManager,
  customerId: number,
  now: Date,
): Promise<Opportunity | null> {
  return manager.getRepository(Opportunity).findOne({
    where: {
      customerId,
      status: "open",
      createdAt: MoreThanOrEqual(new Date(now.getTime() - DUPLICATE_WINDOW_MS)),
    },
    order: { createdAt: "DESC", id: "DESC" },
  });
}

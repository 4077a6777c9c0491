import type { CoreDeps } from "../core-deps";
import { type CardOption, CardTask } from "../db/entities/card-task.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { Quote } from "../db/entities/quote.entity";
import { recordEvent } from "../opportunities/opportunity-history";

export type QuoteCardAnswer = {
  kind: "quote_decided";
  approved: boolean;
  amountFen: number;
  opportunityName: string;
  repUserid: string;
  managerName: string;
  /** Finance people, told of an approved quote so they can record it (DESIGN.md, 财务). */
  finance: string[];
};

/** The manager's decision on a quote, from its approval card. */
export async function answerQuoteCard(
  deps: CoreDeps,
  card: CardTask,
  option: CardOption,
): Promise<QuoteCardAnswer> {
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const approved = option.key === "approve";
    const quote = await manager.getRepository(Quote).findOneByOrFail({ id: card.subjectId });
    quote.status = approved ? "approved" : "refused";
    quote.decidedAt = now;
    await manager.getRepository(Quote).save(quote);
    await manager
      .getRepository(CardTask)
      .update({ id: card.id }, { resolvedAt: now, resolution: option.key });
    const opportunity = await manager
      .getRepository(Opportunity)
      .findOneByOrFail({ id: quote.opportunityId });
    await recordEvent(manager, opportunity, {
      kind: approved ? "quote_approved" : "quote_refused",
      detail: { quote: quote.id, amountFen: quote.amountFen },
      by: card.touser,
      at: now,
    });
    await manager.getRepository(Opportunity).save(opportunity);
    const boss = await manager.getRepository(Person).findOneBy({ userid: card.touser });
    const finance = approved ? await manager.getRepository(Person).findBy({ role: "finance" }) : [];

    return {
      kind: "quote_decided",
      approved,
      amountFen: quote.amountFen,
      opportunityName: opportunity.name,
      repUserid: quote.submittedBy,
      managerName: boss?.name ?? card.touser,
      finance: finance.map((f) => f.userid),
    };
  });
}

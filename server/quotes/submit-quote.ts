import { DateTime } from "luxon";
import { cardTaskFor } from "../cards/card-tasks";
import type { CoreDeps } from "../core-deps";
import { Attachment } from "../db/entities/attachment.entity";
import type { CardOption } from "../db/entities/card-task.entity";
import { Customer } from "../db/entities/customer.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { Quote } from "../db/entities/quote.entity";
import { BeatError } from "../errors";
import { opportunityFor } from "../opportunities/opportunity-access";
import { recordEvent } from "../opportunities/opportunity-history";

export interface QuoteSubmitted {
  quote: Quote;
  opportunityName: string;
  customerName: string;
  rep: { userid: string; name: string };
  approval: { touser: string; taskId: string; options: CardOption[] };
}

/**
 * 报价提交: a rep submits a quote (amount, discount, validity, optionally a file already uploaded for
 * the opportunity) for their manager's approval. The manager is asked with a card; until they decide,
 * the quote is a red dot of theirs.
 */
export async function submitQuote(
  deps: CoreDeps,
  input: {
    by: Pick<Person, "userid" | "role">;
    opportunityId: number;
    amountFen: number;
    discountPct: number | null;
    validUntil: string;
    attachmentId: number | null;
  },
): Promise<QuoteSubmitted> {
  const now = deps.clock.now();
  if (
    !DateTime.fromISO(input.validUntil).isValid ||
    !/^\d{4}-\d{2}-\d{2}$/.test(input.validUntil)
  ) {
    throw new BeatError("quote_invalid", "validUntil must be a date written YYYY-MM-DD", 400);
  }
  // Dates are the customer's calendar, Shanghai's: a quote that expired yesterday cannot be approved.
  const today = DateTime.fromJSDate(now, { zone: "Asia/Shanghai" }).toISODate() as string;
  if (input.validUntil < today) {
    throw new BeatError("quote_invalid", `validUntil ${input.validUntil} is already past`, 400);
  }
  // A price held for more than a year is a typo (9999-12-31), not an offer a manager can approve.
  const latest = DateTime.fromJSDate(now, { zone: "Asia/Shanghai" }).plus({ years: 1 }).toISODate();
  if (input.validUntil > (latest as string)) {
    throw new BeatError("quote_invalid", "validUntil is more than a year ahead", 400);
  }

  return deps.db.transaction(async (manager) => {
    const opportunity = await opportunityFor(manager, input.by, input.opportunityId);
    if (opportunity.status !== "open") {
      throw new BeatError("opportunity_closed", "the opportunity is already won or lost", 409);
    }
    if (input.attachmentId !== null) {
      const file = await manager.getRepository(Attachment).findOneBy({ id: input.attachmentId });
      if (file?.opportunityId !== opportunity.id) {
        throw new BeatError(
          "quote_invalid",
          "the attachment is not one of this opportunity's",
          400,
        );
      }
    }
    const rep = await manager
      .getRepository(Person)
      .findOneByOrFail({ userid: opportunity.ownerUserid });
    if (!rep.managerUserid) {
      throw new BeatError(
        "no_approver",
        "the opportunity's rep has no manager to approve quotes",
        409,
      );
    }
    const repo = manager.getRepository(Quote);
    const quote = await repo.save(
      repo.create({
        opportunityId: opportunity.id,
        amountFen: input.amountFen,
        discountPct: input.discountPct,
        validUntil: input.validUntil,
        attachmentId: input.attachmentId,
        submittedBy: input.by.userid,
        submittedAt: now,
        approverUserid: rep.managerUserid,
        status: "pending",
        decidedAt: null,
      }),
    );
    await recordEvent(manager, opportunity, {
      kind: "quote_submitted",
      detail: { quote: quote.id, amountFen: quote.amountFen, discountPct: quote.discountPct },
      by: input.by.userid,
      at: now,
    });
    await manager.getRepository(Opportunity).save(opportunity);
    const card = await cardTaskFor(
      manager,
      {
        purpose: "quote_approval",
        touser: rep.managerUserid,
        subjectId: quote.id,
        options: [
          { key: "approve", label: "批准报价" },
          { key: "refuse", label: "不批准" },
        ],
      },
      now,
    );
    const customer = await manager
      .getRepository(Customer)
      .findOneBy({ id: opportunity.customerId });

    return {
      quote,
      opportunityName: opportunity.name,
      customerName: customer?.name ?? "",
      rep: { userid: rep.userid, name: rep.name },
      approval: { touser: card.touser, taskId: card.taskId, options: card.options },
    };
  });
}

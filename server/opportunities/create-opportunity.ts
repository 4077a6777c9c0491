import type { CoreDeps } from "../core-deps";
import { Customer } from "../db/entities/customer.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import type { Person } from "../db/entities/person.entity";
import { NotFoundError } from "../errors";
import { openStages } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { recordEvent } from "./opportunity-history";

export interface NewOpportunity {
  by: Pick<Person, "userid" | "role">;
  customerId: number;
  name?: string;
  amountFen?: number | null;
  /** A manager or admin may open it for a rep; a rep always opens their own. */
  ownerUserid?: string;
}

/** Opens an opportunity on a customer in the pipeline's first stage, with its stage clock started. */
export async function createOpportunity(
  deps: CoreDeps,
  input: NewOpportunity,
): Promise<Opportunity> {
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const customer = await manager.getRepository(Customer).findOneBy({ id: input.customerId });
    if (!customer) {
      throw new NotFoundError("customer");
    }
    const { definition } = await currentPipeline(manager);
    const first = openStages(definition)[0];
    const owner =
      input.by.role === "manager" || input.by.role === "admin"
        ? (input.ownerUserid ?? input.by.userid)
        : input.by.userid;
    const repo = manager.getRepository(Opportunity);
    const opportunity = await repo.save(
      repo.create({
        customerId: customer.id,
        ownerUserid: owner,
        name: (input.name?.trim() || customer.name).slice(0, 200),
        amountFen: input.amountFen ?? null,
        stageKey: first?.key ?? "",
        status: "open",
        stageEnteredAt: now,
        stageClockAt: now,
        stageClockEvent: `进入${first?.name ?? ""}`,
        extensionHours: 0,
        lastActionAt: now,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await recordEvent(manager, opportunity, {
      kind: "created",
      detail: { stage: opportunity.stageKey, amountFen: opportunity.amountFen },
      by: input.by.userid,
      at: now,
    });
    await repo.save(opportunity);

    return opportunity;
  });
}

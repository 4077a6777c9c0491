import type { EntityManager } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { BeatError } from "../errors";
import { openStages } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { customerFor, mayAct } from "./opportunity-access";
import { recordEvent } from "./opportunity-history";

export interface NewOpportunity {
  by: Pick<Person, "userid" | "role">;
  customerId: number;
  name?: string;
  amountFen?: number | null;
  /** A manager or admin may open it for a rep; a rep always opens their own. */
  ownerUserid?: string;
}

/**
 * Who will own the new deal: the caller, or for a manager someone on their team, for an admin anyone
 * on the team list. A rep cannot open a deal in another rep's name.
 */
async function ownerOf(manager: EntityManager, input: NewOpportunity): Promise<string> {
  const named = input.ownerUserid;
  if (named === undefined || named === input.by.userid) {
    return input.by.userid;
  }
  const person = await manager.getRepository(Person).findOneBy({ userid: named });
  if (!person) {
    throw new BeatError("owner_unknown", `ownerUserid ${named} is not on the team list`, 400);
  }
  const mayName = input.by.role === "manager" || input.by.role === "admin";
  if (!mayName || !(await mayAct(manager, input.by, { ownerUserid: named }))) {
    throw new BeatError(
      "owner_forbidden",
      "a rep opens deals in their own name; a manager for their team; an admin for anyone",
      403,
    );
  }

  return named;
}

/**
 * Opens an opportunity on a customer in the pipeline's first stage, with its stage clock started.
 * The customer must be within the caller's reach (their own; a manager's team's; any for an admin),
 * whether the deal is opened from the mini-program or by 新商机 in chat.
 */
export async function createOpportunity(
  deps: CoreDeps,
  input: NewOpportunity,
): Promise<Opportunity> {
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const customer = await customerFor(manager, input.by, input.customerId);
    const owner = await ownerOf(manager, input);
    const { definition } = await currentPipeline(manager);
    const first = openStages(definition)[0];
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

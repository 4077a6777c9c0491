import { In } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { Attachment } from "../db/entities/attachment.entity";
import { Customer } from "../db/entities/customer.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { OpportunityEvent } from "../db/entities/opportunity-event.entity";
import type { Person } from "../db/entities/person.entity";
import { type StageDefinition, stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import type { ChecklistItem } from "../pipeline/stage-gate";
import { type CycleFigures, cycleFigures } from "./cycle-figures";
import { checklistOf } from "./move-stage";
import { opportunityFor, visibleOwners } from "./opportunity-access";

export interface OpportunityDetail {
  opportunity: Opportunity;
  customerName: string;
  stage: StageDefinition | null;
  /** The current stage's gate: what it asks for and what is in place. */
  checklist: ChecklistItem[];
  history: OpportunityEvent[];
  attachments: Attachment[];
  cycle: CycleFigures;
  /** When the current stage's time runs out (limit plus any granted extension); null for outcomes. */
  stageDueAt: Date | null;
}

/** When a stage's limit runs out for this opportunity, extension included. */
export function stageDueAt(
  opportunity: Pick<Opportunity, "stageClockAt" | "extensionHours">,
  stage: StageDefinition | undefined,
): Date | null {
  if (!stage?.limit_hours || stage.outcome) {
    return null;
  }

  return new Date(
    opportunity.stageClockAt.getTime() +
      (stage.limit_hours + opportunity.extensionHours) * 3_600_000,
  );
}

/** One opportunity as the mini-program's detail page shows it, for someone allowed to see it. */
export async function opportunityDetail(
  deps: CoreDeps,
  by: Pick<Person, "userid" | "role">,
  opportunityId: number,
): Promise<OpportunityDetail> {
  const manager = deps.db.dataSource.manager;
  const opportunity = await opportunityFor(manager, by, opportunityId);
  const { definition } = await currentPipeline(manager);
  const stage = stageOf(definition, opportunity.stageKey) ?? null;
  const [customer, history, attachments, checklist, cycle] = await Promise.all([
    manager.getRepository(Customer).findOneBy({ id: opportunity.customerId }),
    manager
      .getRepository(OpportunityEvent)
      .find({ where: { opportunityId }, order: { at: "ASC", id: "ASC" } }),
    manager.getRepository(Attachment).find({ where: { opportunityId }, order: { id: "ASC" } }),
    stage ? checklistOf(manager, definition, opportunityId, stage) : Promise.resolve([]),
    cycleFigures(manager, opportunity, definition, deps.clock.now()),
  ]);

  return {
    opportunity,
    customerName: customer?.name ?? "",
    stage,
    checklist,
    history,
    attachments,
    cycle,
    stageDueAt: stageDueAt(opportunity, stage ?? undefined),
  };
}

/** The opportunities `by` may see, open ones first, most recently touched first. */
export async function listOpportunities(
  deps: CoreDeps,
  by: Pick<Person, "userid" | "role">,
): Promise<(Opportunity & { customerName: string })[]> {
  const manager = deps.db.dataSource.manager;
  const owners = await visibleOwners(manager, by);
  const opportunities = await manager.getRepository(Opportunity).find({
    where: owners === "all" ? {} : { ownerUserid: In(owners) },
    order: { lastActionAt: "DESC" },
  });
  const customers = await manager.getRepository(Customer).find({
    where: { id: In(opportunities.map((o) => o.customerId)) },
    select: { id: true, name: true },
  });
  const nameOf = new Map(customers.map((c) => [c.id, c.name]));

  return opportunities
    .map((o) => Object.assign(o, { customerName: nameOf.get(o.customerId) ?? "" }))
    .sort((a, b) => Number(a.status !== "open") - Number(b.status !== "open"));
}

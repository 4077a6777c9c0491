import { In, IsNull, Not } from "typeorm";
import { cardTaskFor } from "../cards/card-tasks";
import type { CoreDeps } from "../core-deps";
import { Attachment } from "../db/entities/attachment.entity";
import type { CardOption } from "../db/entities/card-task.entity";
import { Customer } from "../db/entities/customer.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { OpportunityField } from "../db/entities/opportunity-field.entity";
import { Person } from "../db/entities/person.entity";
import { StageTimeout } from "../db/entities/stage-timeout.entity";
import { stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { missingItems, stageChecklist } from "../pipeline/stage-gate";

export interface TimeoutAlert {
  timeoutId: number;
  opportunityId: number;
  opportunityName: string;
  customerName: string;
  stageName: string;
  limitHours: number;
  dueAt: Date;
  /** What the stage still misses: what would end the breach. */
  missing: string[];
  rep: { userid: string; name: string };
  manager: { userid: string; name: string } | null;
  /** The cards to send, by recipient: the rep's (fill, extend, hand over) and the manager's. */
  cards: { touser: string; taskId: string; options: CardOption[] }[];
}

const REP_ACTIONS: CardOption[] = [
  { key: "fill", label: "去补充" },
  { key: "extend", label: "申请延期" },
  { key: "handover", label: "转交" },
];
const MANAGER_ACTIONS: CardOption[] = [
  { key: "fill", label: "看缺什么" },
  { key: "handover", label: "转交" },
];

/**
 * The breaches whose alerts are not queued yet, with everything the cards show and a card task for
 * each recipient (made once, so a second call offers the same cards).
 */
export async function pendingTimeoutAlerts(deps: CoreDeps): Promise<TimeoutAlert[]> {
  const now = deps.clock.now();
  const manager = deps.db.dataSource.manager;
  const timeouts = await manager.getRepository(StageTimeout).find({
    where: { notifiedAt: IsNull(), status: Not("resolved") },
    order: { id: "ASC" },
    take: 500,
  });
  if (timeouts.length === 0) {
    return [];
  }
  const { definition } = await currentPipeline(manager);
  // Read in bulk: a first scan of a big pipeline finds hundreds of breaches at once.
  const opportunityIds = timeouts.map((t) => t.opportunityId);
  const opportunities = new Map(
    (await manager.getRepository(Opportunity).findBy({ id: In(opportunityIds) })).map((o) => [
      o.id,
      o,
    ]),
  );
  const people = new Map((await manager.getRepository(Person).find()).map((p) => [p.userid, p]));
  const customers = new Map(
    (
      await manager.getRepository(Customer).find({
        where: { id: In([...opportunities.values()].map((o) => o.customerId)) },
        select: { id: true, name: true },
      })
    ).map((c) => [c.id, c]),
  );
  const [fields, files] = await Promise.all([
    manager.getRepository(OpportunityField).findBy({ opportunityId: In(opportunityIds) }),
    manager.getRepository(Attachment).findBy({ opportunityId: In(opportunityIds) }),
  ]);
  const alerts: TimeoutAlert[] = [];
  for (const timeout of timeouts) {
    const opportunity = opportunities.get(timeout.opportunityId);
    const stage = opportunity ? stageOf(definition, timeout.stageKey) : undefined;
    if (!opportunity || !stage) continue;
    const rep = people.get(opportunity.ownerUserid);
    const boss = rep?.managerUserid ? (people.get(rep.managerUserid) ?? null) : null;
    const customer = customers.get(opportunity.customerId);
    const missing = missingItems(
      stageChecklist(
        definition,
        stage,
        fields.filter((f) => f.opportunityId === opportunity.id),
        files.filter((f) => f.opportunityId === opportunity.id),
      ),
    );
    const cards = await deps.db.transaction(async (tx) => {
      const made = [
        await cardTaskFor(
          tx,
          {
            purpose: "stage_timeout",
            touser: opportunity.ownerUserid,
            subjectId: timeout.id,
            options: REP_ACTIONS,
          },
          now,
        ),
      ];
      if (boss) {
        made.push(
          await cardTaskFor(
            tx,
            {
              purpose: "stage_timeout",
              touser: boss.userid,
              subjectId: timeout.id,
              options: MANAGER_ACTIONS,
            },
            now,
          ),
        );
      }
      return made.map(({ touser, taskId, options }) => ({ touser, taskId, options }));
    });
    alerts.push({
      timeoutId: timeout.id,
      opportunityId: opportunity.id,
      opportunityName: opportunity.name,
      customerName: customer?.name ?? "",
      stageName: stage.name,
      limitHours: stage.limit_hours ?? 0,
      dueAt: timeout.dueAt,
      missing: missing.map((m) => m.label),
      rep: { userid: opportunity.ownerUserid, name: rep?.name ?? opportunity.ownerUserid },
      manager: boss ? { userid: boss.userid, name: boss.name } : null,
      cards,
    });
  }

  return alerts;
}

/** Notes that a breach's alerts are in the outbox; until then a scan offers them again. */
export async function markAlertsQueued(deps: CoreDeps, timeoutIds: number[]): Promise<void> {
  if (timeoutIds.length === 0) return;
  await deps.db.dataSource
    .getRepository(StageTimeout)
    .update({ id: In(timeoutIds) }, { notifiedAt: deps.clock.now() });
}

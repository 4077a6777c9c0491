import { cardTaskFor } from "../cards/card-tasks";
import type { CoreDeps } from "../core-deps";
import { type CardOption, CardTask } from "../db/entities/card-task.entity";
import { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { StageTimeout } from "../db/entities/stage-timeout.entity";
import { checklistOf } from "../opportunities/move-stage";
import { recordEvent } from "../opportunities/opportunity-history";
import { stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { missingItems } from "../pipeline/stage-gate";

/** What a manager's approval adds to the stage's limit. */
export const EXTENSION_HOURS = 48;
/** Reasons a rep can give with one tap; the manager sees the one chosen. */
export const EXTENSION_REASONS = ["客户内部流程慢", "等客户资料", "节假日", "客户人员变动"];

interface OpportunityFacts {
  opportunityId: number;
  opportunityName: string;
  stageName: string;
}

export type TimeoutCardAnswer =
  | ({ kind: "stage_checklist"; missing: string[] } & OpportunityFacts)
  | ({
      kind: "ask_extension_reason";
      card: { taskId: string; options: CardOption[] };
    } & OpportunityFacts)
  | ({ kind: "ask_new_owner"; card: { taskId: string; options: CardOption[] } } & OpportunityFacts)
  | ({
      kind: "extension_requested";
      reason: string;
      rep: { userid: string; name: string };
      /** The manager's approval card; null when the rep has no manager to ask. */
      approval: { touser: string; taskId: string; options: CardOption[] } | null;
    } & OpportunityFacts)
  | ({
      kind: "extension_decided";
      approved: boolean;
      hours: number;
      repUserid: string;
      managerName: string;
    } & OpportunityFacts)
  | ({
      kind: "handed_over";
      from: string;
      to: { userid: string; name: string };
      by: string;
      missing: string[];
    } & OpportunityFacts)
  | { kind: "breach_over" }
  | { kind: "no_teammates" }
  | { kind: "cancelled" };

/**
 * The one-tap actions on a stage timeout (DESIGN.md, 阶段门槛): 去补充 shows what is missing; 申请延期
 * asks for a reason and then the manager's approval; 转交 hands the deal to another rep of the team.
 */
export async function answerTimeoutCard(
  deps: CoreDeps,
  card: CardTask,
  option: CardOption,
): Promise<TimeoutCardAnswer> {
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const timeout = await manager
      .getRepository(StageTimeout)
      .findOneByOrFail({ id: card.subjectId });
    const opportunity = await manager
      .getRepository(Opportunity)
      .findOneByOrFail({ id: timeout.opportunityId });
    const { definition } = await currentPipeline(manager);
    const stage = stageOf(definition, timeout.stageKey);
    const facts: OpportunityFacts = {
      opportunityId: opportunity.id,
      opportunityName: opportunity.name,
      stageName: stage?.name ?? timeout.stageKey,
    };
    const settle = async (resolution: string) => {
      await manager
        .getRepository(CardTask)
        .update({ id: card.id }, { resolvedAt: now, resolution });
    };
    const stillOver = timeout.status !== "resolved" && opportunity.stageKey === timeout.stageKey;
    const missingNow = async () =>
      stage
        ? missingItems(await checklistOf(manager, definition, opportunity.id, stage)).map(
            (m) => m.label,
          )
        : [];

    if (option.key === "fill") {
      return { kind: "stage_checklist", missing: await missingNow(), ...facts };
    }
    if (option.key === "cancel") {
      await settle("cancel");
      return { kind: "cancelled" };
    }
    if (!stillOver) {
      await settle("breach_over");
      return { kind: "breach_over" };
    }
    const owner = await manager
      .getRepository(Person)
      .findOneBy({ userid: opportunity.ownerUserid });

    if (card.purpose === "stage_timeout" && option.key === "extend") {
      await settle("extend");
      const asked = await cardTaskFor(
        manager,
        {
          purpose: "extension_reason",
          touser: card.touser,
          subjectId: timeout.id,
          options: [
            ...EXTENSION_REASONS.map((reason, i) => ({ key: `reason:${i}`, label: reason })),
            { key: "cancel", label: "不申请了" },
          ],
        },
        now,
      );
      return {
        kind: "ask_extension_reason",
        card: { taskId: asked.taskId, options: asked.options },
        ...facts,
      };
    }

    if (card.purpose === "stage_timeout" && option.key === "handover") {
      const teamLead = owner?.managerUserid ?? (owner?.role === "manager" ? owner.userid : null);
      const team = teamLead
        ? await manager
            .getRepository(Person)
            .find({ where: { managerUserid: teamLead, role: "rep" }, order: { name: "ASC" } })
        : [];
      const others = team.filter((p) => p.userid !== opportunity.ownerUserid).slice(0, 5);
      if (others.length === 0) {
        return { kind: "no_teammates" };
      }
      await settle("handover");
      const asked = await cardTaskFor(
        manager,
        {
          purpose: "handover_pick",
          touser: card.touser,
          subjectId: timeout.id,
          options: [
            ...others.map((p) => ({ key: `to:${p.userid}`, label: p.name, userid: p.userid })),
            { key: "cancel", label: "不转交" },
          ],
        },
        now,
      );
      return {
        kind: "ask_new_owner",
        card: { taskId: asked.taskId, options: asked.options },
        ...facts,
      };
    }

    if (card.purpose === "extension_reason") {
      await settle(option.key);
      timeout.status = "extension_requested";
      timeout.extensionReason = option.label;
      await manager.getRepository(StageTimeout).save(timeout);
      await recordEvent(manager, opportunity, {
        kind: "extension_requested",
        detail: { reason: option.label, stage: timeout.stageKey },
        by: card.touser,
        at: now,
      });
      await manager.getRepository(Opportunity).save(opportunity);
      const boss = owner?.managerUserid
        ? await manager.getRepository(Person).findOneBy({ userid: owner.managerUserid })
        : null;
      const approval = boss
        ? await cardTaskFor(
            manager,
            {
              purpose: "extension_approval",
              touser: boss.userid,
              subjectId: timeout.id,
              options: [
                { key: "approve", label: `批准延期${EXTENSION_HOURS}小时` },
                { key: "refuse", label: "不批准" },
              ],
            },
            now,
          )
        : null;
      return {
        kind: "extension_requested",
        reason: option.label,
        rep: { userid: opportunity.ownerUserid, name: owner?.name ?? opportunity.ownerUserid },
        approval: approval
          ? { touser: approval.touser, taskId: approval.taskId, options: approval.options }
          : null,
        ...facts,
      };
    }

    if (card.purpose === "extension_approval") {
      const approved = option.key === "approve";
      await settle(option.key);
      const boss = await manager.getRepository(Person).findOneBy({ userid: card.touser });
      if (approved) {
        opportunity.extensionHours += EXTENSION_HOURS;
      }
      timeout.status = approved ? "extended" : "open";
      await manager.getRepository(StageTimeout).save(timeout);
      await recordEvent(manager, opportunity, {
        kind: approved ? "extension_granted" : "extension_refused",
        detail: { hours: approved ? EXTENSION_HOURS : 0, reason: timeout.extensionReason },
        by: card.touser,
        at: now,
      });
      await manager.getRepository(Opportunity).save(opportunity);
      return {
        kind: "extension_decided",
        approved,
        hours: EXTENSION_HOURS,
        repUserid: opportunity.ownerUserid,
        managerName: boss?.name ?? card.touser,
        ...facts,
      };
    }

    if (card.purpose === "handover_pick" && option.userid) {
      await settle(option.key);
      const from = opportunity.ownerUserid;
      opportunity.ownerUserid = option.userid;
      await recordEvent(manager, opportunity, {
        kind: "handed_over",
        detail: { from, to: option.userid },
        by: card.touser,
        at: now,
      });
      await manager.getRepository(Opportunity).save(opportunity);
      return {
        kind: "handed_over",
        from,
        to: { userid: option.userid, name: option.label },
        by: card.touser,
        missing: await missingNow(),
        ...facts,
      };
    }

    return { kind: "cancelled" };
  });
}

import type {
  AttachmentInfo,
  CustomerResponse,
  OpportunityDetailResponse,
  OpportunitySummary,
  RedDotItem,
  StageFormResponse,
} from "../../../miniprogram/shared/api-schemas";
import { whyOf } from "../../../miniprogram/shared/red-dot-words";
import { completenessWord, OBJECTION_WORDS, TAG_WORDS } from "../../../miniprogram/shared/words";
import type { CustomerDetail } from "../../customers/customer-detail";
import type { Attachment } from "../../db/entities/attachment.entity";
import type { Opportunity } from "../../db/entities/opportunity.entity";
import type { RedDot } from "../../db/entities/red-dot.entity";
import type { OpportunityDetail } from "../../opportunities/opportunity-detail";
import { stageDueAt } from "../../opportunities/opportunity-detail";
import type { StageForm } from "../../opportunities/stage-form";
import type { PipelineDefinition } from "../../pipeline/pipeline-definition";
import { stageOf } from "../../pipeline/pipeline-definition";

const HOUR_MS = 3_600_000;
const hours = (ms: number) => Math.round((ms / HOUR_MS) * 10) / 10;

export function presentSummary(
  o: Opportunity & { customerName: string },
  pipeline: PipelineDefinition,
  now: Date,
): OpportunitySummary {
  const stage = stageOf(pipeline, o.stageKey);
  const due = o.status === "open" ? stageDueAt(o, stage) : null;

  return {
    id: o.id,
    name: o.name,
    customerId: o.customerId,
    customerName: o.customerName,
    ownerUserid: o.ownerUserid,
    amount: o.amountFen === null ? null : o.amountFen / 100,
    stageKey: o.stageKey,
    stageName: stage?.name ?? o.stageKey,
    status: o.status,
    stageEnteredAt: o.stageEnteredAt.toISOString(),
    daysInStage: Math.floor((now.getTime() - o.stageEnteredAt.getTime()) / (24 * HOUR_MS)),
    stageDueAt: due?.toISOString() ?? null,
    overdue: due !== null && due <= now,
  };
}

export function presentAttachment(a: Attachment): AttachmentInfo {
  return {
    id: a.id,
    stageKey: a.stageKey,
    type: a.type,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: a.uploadedBy,
    uploadedAt: a.uploadedAt.toISOString(),
  };
}

export function presentDetail(
  d: OpportunityDetail,
  pipeline: PipelineDefinition,
  now: Date,
): OpportunityDetailResponse {
  return {
    opportunity: presentSummary(
      Object.assign(d.opportunity, { customerName: d.customerName }),
      pipeline,
      now,
    ),
    stageClock: {
      startedAt: d.opportunity.stageClockAt.toISOString(),
      event: d.opportunity.stageClockEvent,
    },
    checklist: d.checklist,
    history: d.history.map((e) => ({
      kind: e.kind,
      stageKey: e.stageKey,
      detail: e.detail,
      by: e.byUserid,
      at: e.at.toISOString(),
    })),
    attachments: d.attachments.map(presentAttachment),
    cycle: {
      stages: d.cycle.stages.map((s) => ({
        stageKey: s.stageKey,
        stageName: s.stageName,
        enteredAt: s.enteredAt.toISOString(),
        leftAt: s.leftAt?.toISOString() ?? null,
        timeInStageHours: hours(s.timeInStageMs),
        idleHours: hours(s.idleMs),
      })),
      idleNowHours: hours(d.cycle.idleNowMs),
    },
  };
}

export function presentForm(form: StageForm): StageFormResponse {
  return {
    opportunityId: form.opportunityId,
    stage: {
      key: form.stage.key,
      name: form.stage.name,
      limitHours: form.stage.limit_hours ?? null,
      fields: form.stage.fields,
      attachments: Object.entries(form.attachmentTypes).map(([type, t]) => ({
        type,
        label: t.label,
        kinds: t.kinds,
        maxMb: t.max_mb,
      })),
    },
    values: form.values,
    prefill: form.prefill,
    contacts: form.contacts.map((c) => ({ id: c.id, name: c.name, role: c.role })),
    nextStage: form.nextStage ? { key: form.nextStage.key, name: form.nextStage.name } : null,
  };
}

export function presentRedDot(dot: RedDot, now: Date): RedDotItem {
  return {
    id: dot.id,
    rule: dot.rule,
    why: whyOf(dot, now),
    closeHint: dot.closeHint,
    overdueSince: dot.overdueSince.toISOString(),
    opportunityId: dot.opportunityId,
    customerId: dot.customerId,
    keyCustomer: dot.keyCustomer,
  };
}

export function presentCustomer(d: CustomerDetail): CustomerResponse {
  return {
    customer: {
      id: d.customer.id,
      name: d.customer.name,
      isKey: d.customer.isKey,
      industry: d.customer.industry,
      completeness: d.completeness.score,
      missing: d.completeness.missing.map(completenessWord),
    },
    contacts: d.contacts.map((c) => ({ id: c.id, name: c.name, role: c.role })),
    openDemands: d.openDemands.map((x) => ({ label: x.label, phrase: x.phrase })),
    openObjections: d.openObjections.map((x) => ({
      label: OBJECTION_WORDS[x.category],
      phrase: x.phrase,
    })),
    interactions: d.interactions.map((i) => ({
      id: i.id,
      at: i.occurredAt.toISOString(),
      source: i.source,
      text: i.text,
      tags: i.extraction.tags.map((t) => ({
        label: TAG_WORDS[t.tag],
        phrase: t.evidence[0]?.text ?? "",
      })),
      objections: i.extraction.objections.map((o) => ({
        label: OBJECTION_WORDS[o.category],
        phrase: o.evidence[0]?.text ?? "",
      })),
    })),
  };
}

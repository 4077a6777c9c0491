import type { CoreDeps } from "../core-deps";
import { Opportunity } from "../db/entities/opportunity.entity";
import { Person } from "../db/entities/person.entity";
import { stageOf } from "../pipeline/pipeline-definition";
import { currentPipeline } from "../pipeline/pipeline-store";
import { prefillFields, type Suggestion } from "../pipeline/prefill";
import { GateError, moveStage } from "./move-stage";
import { stageIntent } from "./stage-intent";

export type ChatMoveOutcome =
  | { kind: "no_move" }
  | { kind: "no_opportunity"; targetName: string }
  | { kind: "moved"; opportunityName: string; fromName: string; toName: string }
  | {
      kind: "blocked";
      opportunityId: number;
      opportunityName: string;
      fromName: string;
      toName: string;
      missing: {
        kind: "field" | "attachment";
        key: string;
        label: string;
        suggestion: Suggestion | null;
      }[];
    }
  | { kind: "refused"; message: string };

/**
 * When a rep says in chat that a deal moved (恒润食品样机测试通过了，进合同审批), checks the gate on the
 * customer's open opportunity: moves it when nothing is missing, and otherwise says exactly what is,
 * with values already said in earlier messages offered for each field.
 */
export async function moveFromChat(
  deps: CoreDeps,
  input: { repUserid: string; customerId: number; text: string },
): Promise<ChatMoveOutcome> {
  const manager = deps.db.dataSource.manager;
  const { definition } = await currentPipeline(manager);
  const target = stageIntent(input.text, definition);
  if (!target) {
    return { kind: "no_move" };
  }
  const to = stageOf(definition, target);
  const person = await manager.getRepository(Person).findOneBy({ userid: input.repUserid });
  const [opportunity] = await manager.getRepository(Opportunity).find({
    where: { customerId: input.customerId, status: "open" },
    order: { lastActionAt: "DESC" },
    take: 1,
  });
  if (!opportunity || !person || !to) {
    return { kind: "no_opportunity", targetName: to?.name ?? target };
  }
  const from = stageOf(definition, opportunity.stageKey);
  const fromName = from?.name ?? opportunity.stageKey;
  try {
    await moveStage(deps, { by: person, opportunityId: opportunity.id, toStage: target });
    return { kind: "moved", opportunityName: opportunity.name, fromName, toName: to.name };
  } catch (error) {
    if (error instanceof GateError && from) {
      const missing = (error.details?.missing ?? []) as {
        kind: "field" | "attachment";
        key: string;
        label: string;
      }[];
      const fields = from.fields.filter((f) =>
        missing.some((m) => m.kind === "field" && m.key === f.key),
      );
      const suggestions = await prefillFields(
        manager,
        opportunity.customerId,
        fields,
        deps.clock.now(),
      );
      return {
        kind: "blocked",
        opportunityId: opportunity.id,
        opportunityName: opportunity.name,
        fromName,
        toName: to.name,
        missing: missing.map((m) => ({
          ...m,
          suggestion: suggestions.find((s) => m.kind === "field" && s.fieldKey === m.key) ?? null,
        })),
      };
    }
    if (error instanceof Error && "code" in error) {
      return { kind: "refused", message: error.message };
    }
    throw error;
  }
}

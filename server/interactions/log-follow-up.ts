import type { EntityManager } from "typeorm";
import { cardTaskFor } from "../cards/card-tasks";
import { expectReply, rememberCustomer } from "../conversation/rep-context-store";
import type { CoreDeps } from "../core-deps";
import { completenessOf } from "../customers/completeness";
import { resolveCustomer } from "../customers/resolve-customer";
import type { Customer } from "../db/entities/customer.entity";
import type { Interaction } from "../db/entities/interaction.entity";
import type { Extraction, Source } from "../extractor/extraction";
import type { LoggedInteraction, LogOutcome } from "./log-outcome";
import { applyToCustomer, insertInteraction, NO_CHANGES } from "./record-interaction";
import { countWaiting } from "./waiting-follow-ups";

/** A card has room for six buttons (WeCom doc 90236); one is kept for "none of these". */
const MAX_CANDIDATES = 5;

export interface FollowUp {
  repUserid: string;
  text: string;
  source: Source;
  /** When the rep sent it; relative dates in it and the 30-minute context are measured from here. */
  occurredAt: Date;
  /** The delivery it came from, so a retried delivery logs it once. */
  sourceKey: string;
}

/**
 * Logs what a rep said about a customer (logFollowUp): reads it with the extractor, finds the
 * customer, and writes the interaction and what it says onto the record. When the customer is unclear
 * the interaction is kept, waiting, and the outcome says what to ask.
 */
export async function logFollowUp(deps: CoreDeps, input: FollowUp): Promise<LogOutcome> {
  // Outside the transaction: a language model may take seconds, and SQLite transactions take turns.
  const extraction = await deps.extractor.extract({
    text: input.text,
    source: input.source,
    sentAt: input.occurredAt,
  });
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const resolution = await resolveCustomer(manager, {
      text: input.text,
      repUserid: input.repUserid,
      at: input.occurredAt,
    });
    const found = resolution.kind === "found" ? resolution.customer : null;
    const { interaction, created } = await insertInteraction(
      manager,
      {
        sourceKey: input.sourceKey,
        repUserid: input.repUserid,
        source: input.source,
        text: input.text,
        occurredAt: input.occurredAt,
        extraction,
        customerId: found?.id ?? null,
        status: found ? "logged" : "awaiting_customer",
      },
      now,
    );
    if (resolution.kind === "found") {
      const logged = await landOnCustomer(manager, interaction, resolution.customer, {
        how: resolution.how,
        extraction,
        apply: created,
        now,
      });
      return { kind: "logged", logged };
    }
    await expectReply(
      manager,
      input.repUserid,
      "customer_for_log",
      interaction.id,
      input.occurredAt,
    );
    const waiting = await countWaiting(manager, input.repUserid);
    const othersWaiting = Math.max(
      0,
      waiting - (interaction.status === "awaiting_customer" ? 1 : 0),
    );
    if (resolution.kind === "ambiguous") {
      const candidates = resolution.candidates.slice(0, MAX_CANDIDATES);
      const card = await cardTaskFor(
        manager,
        {
          purpose: "pick_customer",
          touser: input.repUserid,
          subjectId: interaction.id,
          options: [
            ...candidates.map((c) => ({ key: `pick:${c.id}`, label: c.name, customerId: c.id })),
            ...(resolution.createName
              ? [
                  {
                    key: "create",
                    label: `新建${resolution.createName}`,
                    customerName: resolution.createName,
                  },
                ]
              : []),
            { key: "none", label: "都不是" },
          ],
        },
        now,
      );
      return {
        kind: "ambiguous",
        pending: {
          interactionId: interaction.id,
          card: { taskId: card.taskId, options: card.options },
          othersWaiting,
        },
        candidates: candidates.map(({ id, name }) => ({ id, name })),
        createName: resolution.createName,
      };
    }
    if (!resolution.suggestedName) {
      return {
        kind: "unknown",
        pending: { interactionId: interaction.id, card: null, othersWaiting },
        suggestedName: null,
        contextCustomer: null,
      };
    }
    const context = resolution.contextCustomer;
    const card = await cardTaskFor(
      manager,
      {
        purpose: "create_customer",
        touser: input.repUserid,
        subjectId: interaction.id,
        options: [
          { key: "create", label: `新建客户`, customerName: resolution.suggestedName },
          ...(context
            ? [{ key: `pick:${context.id}`, label: `记到${context.name}`, customerId: context.id }]
            : []),
          { key: "none", label: "不是新客户" },
        ],
      },
      now,
    );

    return {
      kind: "unknown",
      pending: {
        interactionId: interaction.id,
        card: { taskId: card.taskId, options: card.options },
        othersWaiting,
      },
      suggestedName: resolution.suggestedName,
      contextCustomer: context ? { id: context.id, name: context.name } : null,
    };
  });
}

/**
 * Puts an interaction on its customer: the record changes (unless this is a repeat), the rep's
 * context moves to this customer, and the outcome lists what the record still lacks.
 */
export async function landOnCustomer(
  manager: EntityManager,
  interaction: Interaction,
  customer: Pick<Customer, "id" | "name">,
  options: { how: LoggedInteraction["how"]; extraction: Extraction; apply: boolean; now: Date },
): Promise<LoggedInteraction> {
  const changes = options.apply
    ? await applyToCustomer(manager, interaction, options.extraction, options.now)
    : NO_CHANGES;
  await rememberCustomer(manager, interaction.repUserid, customer.id, interaction.occurredAt);
  const completeness = (await completenessOf(manager, [customer.id])).get(customer.id);

  return {
    interactionId: interaction.id,
    customer: { id: customer.id, name: customer.name },
    how: options.how,
    extraction: options.extraction,
    changes,
    missing: completeness?.missing ?? [],
    repeated: !options.apply,
  };
}

import { In, IsNull } from "typeorm";
import { PENDING_LOG_WINDOW_MS } from "../conversation/answer-pending";
import { repContextOf } from "../conversation/rep-context-store";
import type { CoreDeps } from "../core-deps";
import { CardTask } from "../db/entities/card-task.entity";
import { Customer } from "../db/entities/customer.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { type FinishedLog, finishPendingLog } from "../interactions/finish-pending-log";
import { cleanCustomerName, createCustomer } from "./create-customer";
import { findCustomerMentions } from "./customer-matcher";
import { coreName } from "./customer-names";
import { namedInText } from "./named-in-text";

/** Said after the name to create a customer despite a similar one (新客户 江南精密 确认). */
const CONFIRM = /\s*(?:确认新建|确认)$/u;

export type NewCustomerOutcome =
  | {
      kind: "created";
      customer: Customer;
      /** The waiting follow-ups this customer was created for, now logged on it. */
      pendingLogged: FinishedLog[];
    }
  /** A customer of this name (or alias) exists: nothing is created and nothing waiting is placed. */
  | { kind: "exists"; customer: Pick<Customer, "id" | "name"> }
  /** Customers with a similar name exist: the rep confirms before a second record splits history. */
  | { kind: "similar"; name: string; similar: string[] };

type Names = Pick<Customer, "id" | "name" | "aliases">[];

/**
 * 新客户 <名称>: creates the customer, owned by the rep, and lands the follow-ups that were waiting
 * for it: any whose card offered to create a customer of this name, and the one the bot asked about
 * last when it waited because its company was unknown. A name that exists creates nothing: placing
 * a waiting follow-up on it would put what was said about one customer on another.
 */
export async function newCustomer(
  deps: CoreDeps,
  input: { repUserid: string; name: string; at: Date },
): Promise<NewCustomerOutcome> {
  const confirmed = CONFIRM.test(input.name);
  const name = cleanCustomerName(input.name.replace(CONFIRM, ""));
  const manager = deps.db.dataSource.manager;
  const names: Names = await manager
    .getRepository(Customer)
    .find({ select: { id: true, name: true, aliases: true } });
  const core = coreName(name);
  const existing = names.find(
    (c) => coreName(c.name) === core || c.aliases.some((a) => coreName(a) === core),
  );
  if (existing) {
    return { kind: "exists", customer: { id: existing.id, name: existing.name } };
  }
  if (!confirmed) {
    const loose = findCustomerMentions(name, names).filter((m) => m.how !== "exact");
    if (loose.length > 0) {
      const similar = names
        .filter((c) => loose.some((m) => m.customerId === c.id))
        .map((c) => c.name);
      return { kind: "similar", name, similar };
    }
  }
  const now = deps.clock.now();
  const { customer, created } = await deps.db.transaction((tx) =>
    createCustomer(tx, { name, ownerUserid: input.repUserid }, now),
  );
  if (!created) {
    // Created by someone else a moment ago.
    return { kind: "exists", customer: { id: customer.id, name: customer.name } };
  }
  const waiting = await waitingFor(deps, input, customer, names);
  const pendingLogged: FinishedLog[] = [];
  for (const interactionId of waiting) {
    pendingLogged.push(
      await finishPendingLog(deps, {
        repUserid: input.repUserid,
        interactionId,
        choice: { customerId: customer.id },
        settledBy: "new_customer",
      }),
    );
  }

  return { kind: "created", customer, pendingLogged };
}

/**
 * The rep's waiting follow-ups a new customer answers: those whose card offered to create it, and
 * the one asked about last if its text names no other customer (华东的王总 waits to be told which
 * 华东, not for a new company).
 */
async function waitingFor(
  deps: CoreDeps,
  input: { repUserid: string; at: Date },
  customer: Customer,
  others: Names,
): Promise<number[]> {
  const manager = deps.db.dataSource.manager;
  const waiting = new Set<number>();
  const context = await repContextOf(manager, input.repUserid);
  const asked =
    context.awaiting === "customer_for_log" &&
    context.awaitingSince !== null &&
    input.at.getTime() - context.awaitingSince.getTime() <= PENDING_LOG_WINDOW_MS
      ? await manager
          .getRepository(Interaction)
          .findOneBy({ id: context.awaitingInteractionId ?? 0 })
      : null;
  if (asked && namedInText(asked.text, others).ids.length === 0) {
    waiting.add(asked.id);
  }
  const offers = await manager.getRepository(CardTask).findBy({
    touser: input.repUserid,
    purpose: In(["create_customer", "pick_customer"]),
    resolvedAt: IsNull(),
  });
  for (const offer of offers) {
    const offered = offer.options.find((o) => o.customerName)?.customerName;
    if (offered && coreName(offered) === coreName(customer.name)) {
      waiting.add(offer.subjectId);
    }
  }
  const open = await manager
    .getRepository(Interaction)
    .findBy({ id: In([...waiting]), status: "awaiting_customer" });

  return [...waiting].filter((id) => open.some((row) => row.id === id));
}

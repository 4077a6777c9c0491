import { IsNull } from "typeorm";
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

/** Said after the name to create a customer despite a similar one (新客户 江南精密 确认). */
const CONFIRM = /\s*(?:确认新建|确认)$/u;

export type NewCustomerOutcome =
  | {
      kind: "done";
      customer: Customer;
      created: boolean;
      /** The waiting follow-ups this customer was created for, now logged on it. */
      pendingLogged: FinishedLog[];
    }
  /** Customers with a similar name exist: the rep confirms before a second record splits history. */
  | { kind: "similar"; name: string; similar: string[] };

/**
 * 新客户 <名称>: creates the customer, owned by the rep (or finds it when it exists), and lands the
 * follow-ups that were waiting for it: the one the bot asked about last, and any whose card offered
 * to create a customer of this name.
 */
export async function newCustomer(
  deps: CoreDeps,
  input: { repUserid: string; name: string; at: Date },
): Promise<NewCustomerOutcome> {
  const confirmed = CONFIRM.test(input.name);
  const name = cleanCustomerName(input.name.replace(CONFIRM, ""));
  const manager = deps.db.dataSource.manager;
  if (!confirmed) {
    const names = await manager
      .getRepository(Customer)
      .find({ select: { id: true, name: true, aliases: true } });
    const loose = findCustomerMentions(name, names).filter((m) => m.how !== "exact");
    const exact = names.some((c) => coreName(c.name) === coreName(name));
    if (loose.length > 0 && !exact) {
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
  const waiting = new Set<number>();
  const context = await repContextOf(manager, input.repUserid);
  if (
    context.awaiting === "customer_for_log" &&
    context.awaitingInteractionId !== null &&
    context.awaitingSince !== null &&
    input.at.getTime() - context.awaitingSince.getTime() <= PENDING_LOG_WINDOW_MS
  ) {
    waiting.add(context.awaitingInteractionId);
  }
  const offers = await manager
    .getRepository(CardTask)
    .findBy({ touser: input.repUserid, purpose: "create_customer", resolvedAt: IsNull() });
  for (const offer of offers) {
    const offered = offer.options.find((o) => o.customerName)?.customerName;
    if (offered && coreName(offered) === coreName(customer.name)) {
      waiting.add(offer.subjectId);
    }
  }
  const pendingLogged: FinishedLog[] = [];
  for (const interactionId of waiting) {
    const interaction = await manager.getRepository(Interaction).findOneBy({ id: interactionId });
    if (interaction?.status !== "awaiting_customer") continue;
    pendingLogged.push(
      await finishPendingLog(deps, {
        repUserid: input.repUserid,
        interactionId,
        choice: { customerId: customer.id },
        settledBy: "new_customer",
      }),
    );
  }

  return { kind: "done", customer, created, pendingLogged };
}

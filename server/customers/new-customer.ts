import { PENDING_LOG_WINDOW_MS } from "../conversation/answer-pending";
import { repContextOf } from "../conversation/rep-context-store";
import type { CoreDeps } from "../core-deps";
import type { Customer } from "../db/entities/customer.entity";
import { finishPendingLog } from "../interactions/finish-pending-log";
import type { LoggedInteraction } from "../interactions/log-outcome";
import { createCustomer } from "./create-customer";

export interface NewCustomerOutcome {
  customer: Customer;
  created: boolean;
  /** The waiting follow-up that this customer was created for, now logged on it. */
  pendingLogged: LoggedInteraction | null;
}

/**
 * 新客户 <名称>: creates the customer, owned by the rep (or finds it when it exists), and lands the
 * follow-up that was waiting for a customer, when there is one: the rep named it by creating it.
 */
export async function newCustomer(
  deps: CoreDeps,
  input: { repUserid: string; name: string; at: Date },
): Promise<NewCustomerOutcome> {
  const now = deps.clock.now();
  const { customer, created } = await deps.db.transaction((manager) =>
    createCustomer(manager, { name: input.name, ownerUserid: input.repUserid }, now),
  );
  const context = await repContextOf(deps.db.dataSource.manager, input.repUserid);
  const waiting =
    context.awaiting === "customer_for_log" &&
    context.awaitingInteractionId !== null &&
    context.awaitingSince !== null &&
    input.at.getTime() - context.awaitingSince.getTime() <= PENDING_LOG_WINDOW_MS;
  const pendingLogged = waiting
    ? await finishPendingLog(deps, {
        repUserid: input.repUserid,
        interactionId: context.awaitingInteractionId as number,
        choice: { customerId: customer.id },
        settledBy: "new_customer",
      })
    : null;

  return { customer, created, pendingLogged };
}

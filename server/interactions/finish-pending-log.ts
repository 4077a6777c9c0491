import { settleCards } from "../cards/card-tasks";
import type { CoreDeps } from "../core-deps";
import { createCustomer } from "../customers/create-customer";
import { Customer } from "../db/entities/customer.entity";
import { Interaction } from "../db/entities/interaction.entity";
import { BeatError } from "../errors";
import { landOnCustomer } from "./log-follow-up";
import type { LoggedInteraction } from "./log-outcome";
import { askAboutNextWaiting, type NextWaiting } from "./waiting-follow-ups";

export type CustomerChoice = { customerId: number } | { createName: string };

/** A waiting follow-up on its customer now, and the next one the bot asks about, if any. */
export type FinishedLog = LoggedInteraction & {
  createdCustomer: boolean;
  stillWaiting: NextWaiting | null;
};

/**
 * Puts a waiting follow-up on the customer the rep chose (a card button, a name typed in reply) or
 * on one created for it. A second choice for a log that already landed changes nothing and says
 * where it went. When more follow-ups wait, the rep's next reply is pointed at the newest of them.
 */
export async function finishPendingLog(
  deps: CoreDeps,
  input: { repUserid: string; interactionId: number; choice: CustomerChoice; settledBy: string },
): Promise<FinishedLog> {
  const now = deps.clock.now();

  return deps.db.transaction(async (manager) => {
    const interaction = await manager
      .getRepository(Interaction)
      .findOneBy({ id: input.interactionId });
    if (!interaction || interaction.repUserid !== input.repUserid) {
      throw new BeatError("pending_log_not_found", "no such follow-up waiting for this rep", 404);
    }
    if (interaction.status === "logged" && interaction.customerId !== null) {
      const customer = await manager
        .getRepository(Customer)
        .findOneByOrFail({ id: interaction.customerId });
      const logged = await landOnCustomer(manager, interaction, customer, {
        how: "chosen",
        extraction: interaction.extraction,
        apply: false,
        now,
      });
      return { ...logged, createdCustomer: false, stillWaiting: null };
    }
    let customer: Customer | null;
    let createdCustomer = false;
    if ("createName" in input.choice) {
      const made = await createCustomer(
        manager,
        { name: input.choice.createName, ownerUserid: input.repUserid },
        now,
      );
      customer = made.customer;
      createdCustomer = made.created;
    } else {
      customer = await manager.getRepository(Customer).findOneBy({ id: input.choice.customerId });
    }
    if (!customer) {
      throw new BeatError("customer_not_found", "the chosen customer no longer exists", 404);
    }
    interaction.customerId = customer.id;
    interaction.status = "logged";
    await manager.getRepository(Interaction).save(interaction);
    await settleCards(manager, interaction.id, input.settledBy, now);
    const stillWaiting = await askAboutNextWaiting(manager, input.repUserid, interaction.id, now);
    const logged = await landOnCustomer(manager, interaction, customer, {
      how: createdCustomer ? "created" : "chosen",
      extraction: interaction.extraction,
      apply: true,
      now,
    });

    return { ...logged, createdCustomer, stillWaiting };
  });
}

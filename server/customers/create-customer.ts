import type { EntityManager } from "typeorm";
import { Customer } from "../db/entities/customer.entity";
import { BeatError } from "../errors";
import { hasEnoughLetters } from "./customer-name-rule";
import { coreName } from "./customer-names";

/** A customer's name as a rep typed it, trimmed of punctuation around it; refused when unusable. */
export function cleanCustomerName(raw: string): string {
  const name = raw.replace(
    /^[\s「」『』【】《》"'“”‘’:：,，.。]+|[\s「」『』【】《》"'“”‘’:：,，.。!！?？]+$/gu,
    "",
  );
  if (name.length < 2 || name.length > 100 || !hasEnoughLetters(name)) {
    throw new BeatError(
      "customer_name_invalid",
      "a customer name has 2 to 100 characters, two of them letters or digits",
    );
  }

  return name;
}

/**
 * Creates a customer owned by `ownerUserid`, or finds the one that already has this name (or the same
 * name without its legal form, 华东食品 and 华东食品有限公司): two records for one company would
 * split its history.
 */
export async function createCustomer(
  manager: EntityManager,
  input: { name: string; ownerUserid: string },
  now: Date,
): Promise<{ customer: Customer; created: boolean }> {
  const name = cleanCustomerName(input.name);
  const repo = manager.getRepository(Customer);
  const core = coreName(name);
  const all = await repo.find({ select: { id: true, name: true } });
  const same = all.find((c) => c.name === name || coreName(c.name) === core);
  if (same) {
    return { customer: await repo.findOneByOrFail({ id: same.id }), created: false };
  }
  const customer = await repo.save(
    repo.create({
      name,
      ownerUserid: input.ownerUserid,
      isKey: false,
      industry: null,
      address: null,
      latitude: null,
      longitude: null,
      aliases: [],
      budget: null,
      timeline: null,
      tags: {},
      lastContactAt: null,
      lastContactInteractionId: null,
      createdAt: now,
      updatedAt: now,
    }),
  );

  return { customer, created: true };
}

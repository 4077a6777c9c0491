import { type EntityManager, IsNull, LessThanOrEqual } from "typeorm";
import { normalizeName } from "../customers/customer-names";
import { toSimplified } from "../customers/simplified";
import { Commitment } from "../db/entities/commitment.entity";
import { Contact, type ContactRole } from "../db/entities/contact.entity";
import { Customer } from "../db/entities/customer.entity";
import { Demand } from "../db/entities/demand.entity";
import {
  Interaction,
  type InteractionSource,
  type InteractionStatus,
} from "../db/entities/interaction.entity";
import { Objection } from "../db/entities/objection.entity";
import type { Extraction, ObjectionCategory } from "../extractor/extraction";
import { signalCount } from "./signal-count";

/** Giving a time node (时间节点) is a first answer to any request, whatever was asked for. */
const ANSWERS_ANY_DEMAND = "schedule";

export interface NewInteraction {
  sourceKey: string;
  repUserid: string;
  source: InteractionSource;
  text: string;
  occurredAt: Date;
  extraction: Extraction;
  customerId: number | null;
  status: InteractionStatus;
  durationSec?: number | null;
  phone?: string | null;
}

/** What logging an interaction changed on the customer, for the reply to the rep. */
export interface RecordChanges {
  /** Every contact the interaction named, with the role the record now holds for them. */
  contacts: { name: string; role: ContactRole | null; isNew: boolean }[];
  newContacts: { name: string; role: ContactRole | null }[];
  answeredDemands: { label: string; phrase: string }[];
  closedObjections: { category: ObjectionCategory; action: string }[];
}

export const NO_CHANGES: RecordChanges = {
  contacts: [],
  newContacts: [],
  answeredDemands: [],
  closedObjections: [],
};

/**
 * Stores an interaction once per source key. The second call for the same key (a retried delivery, a
 * replayed call id) returns the stored row and `created: false`, and must change nothing else.
 */
export async function insertInteraction(
  manager: EntityManager,
  input: NewInteraction,
  now: Date,
): Promise<{ interaction: Interaction; created: boolean }> {
  const repo = manager.getRepository(Interaction);
  const existing = await repo.findOneBy({ sourceKey: input.sourceKey });
  if (existing) {
    return { interaction: existing, created: false };
  }
  const interaction = await repo.save(
    repo.create({
      ...input,
      durationSec: input.durationSec ?? null,
      phone: input.phone ?? null,
      signalCount: signalCount(input.extraction),
      conclusions: null,
      conclusionsAt: null,
      conclusionsExtraction: null,
      conclusionsSourceKey: null,
      createdAt: now,
    }),
  );

  return { interaction, created: true };
}

/**
 * Writes what an interaction says onto its customer: new demands, objections and commitments; the
 * demands its responses answer and the objections its closing actions close; the contacts it names;
 * the tags, budget and timeline it shows; and the contact clock. Runs inside the caller's transaction.
 */
export async function applyToCustomer(
  manager: EntityManager,
  interaction: Interaction,
  extraction: Extraction,
  now: Date,
): Promise<RecordChanges> {
  const customerId = interaction.customerId as number;
  const at = interaction.occurredAt;
  const base = { customerId, interactionId: interaction.id };

  // One open demand per kind and one open objection per category: hearing 价格太高 again keeps the
  // first one's clock running rather than starting a second one.
  const openDemandKinds = new Set(
    (await manager.getRepository(Demand).findBy({ customerId, answeredAt: IsNull() })).map(
      (d) => d.kind,
    ),
  );
  const newDemands = extraction.demands.filter((d) => !openDemandKinds.has(d.kind));
  const openCategories = new Set(
    (await manager.getRepository(Objection).findBy({ customerId, closedAt: IsNull() })).map(
      (o) => o.category,
    ),
  );
  const newObjections = extraction.objections.filter((o) => !openCategories.has(o.category));
  if (newDemands.length > 0) {
    await manager.getRepository(Demand).insert(
      newDemands.map((d) => ({
        ...base,
        kind: d.kind,
        label: d.label,
        phrase: d.evidence.text.slice(0, 200),
        raisedAt: at,
        answeredAt: null,
        answerInteractionId: null,
        answerLabel: null,
      })),
    );
  }
  if (newObjections.length > 0) {
    await manager.getRepository(Objection).insert(
      newObjections.map((o) => ({
        ...base,
        category: o.category,
        phrase: (o.evidence[0]?.text ?? "").slice(0, 200),
        raisedAt: at,
        closedAt: null,
        closingInteractionId: null,
        closingAction: null,
      })),
    );
  }
  // The customer's own schedule (他们老板下周一开会定) is shown in the reply but is no promise to keep.
  if (extraction.commitment && extraction.commitment.ours !== false) {
    const c = extraction.commitment;
    await manager.getRepository(Commitment).insert({
      ...base,
      due: c.due,
      dueAt: new Date(c.dueAt),
      madeBy: c.by,
      phrase: c.evidence.text.slice(0, 200),
      createdAt: at,
    });
  }

  const answeredDemands = await answerDemands(manager, interaction, extraction);
  const closedObjections = await closeObjections(manager, interaction, extraction);
  const contacts = await recordContacts(manager, customerId, extraction, at);
  await updateCustomer(manager, interaction, extraction, now);

  return {
    contacts,
    newContacts: contacts.filter((c) => c.isNew).map(({ name, role }) => ({ name, role })),
    answeredDemands,
    closedObjections,
  };
}

async function answerDemands(
  manager: EntityManager,
  interaction: Interaction,
  extraction: Extraction,
): Promise<RecordChanges["answeredDemands"]> {
  if (extraction.responses.length === 0) {
    return [];
  }
  const open = await manager.getRepository(Demand).find({
    where: {
      customerId: interaction.customerId as number,
      answeredAt: IsNull(),
      raisedAt: LessThanOrEqual(interaction.occurredAt),
    },
    order: { raisedAt: "ASC", id: "ASC" },
  });
  const answered: RecordChanges["answeredDemands"] = [];
  for (const demand of open) {
    const response =
      extraction.responses.find((r) => r.kind === demand.kind) ??
      extraction.responses.find((r) => r.kind === ANSWERS_ANY_DEMAND);
    if (!response) {
      continue;
    }
    await manager.getRepository(Demand).update(
      { id: demand.id },
      {
        answeredAt: interaction.occurredAt,
        answerInteractionId: interaction.id,
        answerLabel: response.label,
      },
    );
    answered.push({ label: demand.label, phrase: demand.phrase });
  }

  return answered;
}

async function closeObjections(
  manager: EntityManager,
  interaction: Interaction,
  extraction: Extraction,
): Promise<RecordChanges["closedObjections"]> {
  if (extraction.closingActions.length === 0) {
    return [];
  }
  const open = await manager.getRepository(Objection).find({
    where: {
      customerId: interaction.customerId as number,
      closedAt: IsNull(),
      raisedAt: LessThanOrEqual(interaction.occurredAt),
    },
    order: { raisedAt: "ASC", id: "ASC" },
  });
  const closed: RecordChanges["closedObjections"] = [];
  for (const objection of open) {
    const action = extraction.closingActions.find((a) => a.closes.includes(objection.category));
    if (!action) {
      continue;
    }
    await manager.getRepository(Objection).update(
      { id: objection.id },
      {
        closedAt: interaction.occurredAt,
        closingInteractionId: interaction.id,
        closingAction: action.label,
      },
    );
    closed.push({ category: objection.category, action: action.label });
  }

  return closed;
}

/**
 * Creates the contacts a message names (王经理, 李工) that the customer does not have yet, fills in
 * a role where the stored one was unknown, and moves each reached contact's clock.
 */
async function recordContacts(
  manager: EntityManager,
  customerId: number,
  extraction: Extraction,
  at: Date,
): Promise<RecordChanges["contacts"]> {
  const repo = manager.getRepository(Contact);
  const reached: RecordChanges["contacts"] = [];
  // Compared as names are (錢總 is 钱总, full-width is half-width), so writing in traditional
  // characters never doubles a contact; a new one is kept in simplified characters.
  const existing = await repo.findBy({ customerId });
  const same = (a: string, b: string) => normalizeName(a) === normalizeName(b);
  for (const finding of extraction.contacts) {
    const name = toSimplified(finding.name).slice(0, 100);
    if (reached.some((c) => same(c.name, name))) {
      continue;
    }
    const known = existing.find((c) => same(c.name, name));
    if (!known) {
      const contact = repo.create({
        customerId,
        name,
        role: finding.role,
        phone: null,
        externalUserid: null,
        lastContactAt: finding.contacted ? at : null,
        createdAt: at,
      });
      await repo.insert(contact);
      existing.push(contact);
      reached.push({ name, role: finding.role, isNew: true });
      continue;
    }
    reached.push({ name: known.name, role: known.role ?? finding.role, isNew: false });
    const changes: Partial<Contact> = {};
    if (!known.role && finding.role) {
      changes.role = finding.role;
    }
    if (finding.contacted && (!known.lastContactAt || known.lastContactAt < at)) {
      changes.lastContactAt = at;
    }
    if (Object.keys(changes).length > 0) {
      await repo.update({ id: known.id }, changes);
    }
  }

  return reached;
}

async function updateCustomer(
  manager: EntityManager,
  interaction: Interaction,
  extraction: Extraction,
  now: Date,
): Promise<void> {
  const customerId = interaction.customerId as number;
  const at = interaction.occurredAt;
  const repo = manager.getRepository(Customer);
  const customer = await repo.findOneByOrFail({ id: customerId });
  const tags = { ...customer.tags };
  for (const finding of extraction.tags) {
    const previous = tags[finding.tag];
    if (!previous || new Date(previous.at) <= at) {
      tags[finding.tag] = { phrase: finding.evidence[0]?.text ?? "", at: at.toISOString() };
    }
  }
  const changes: Partial<Customer> = { tags, updatedAt: now };
  for (const fact of extraction.facts) {
    changes[fact.kind] = fact.evidence.text.slice(0, 200);
  }
  // 钱总电话没打通 is logged as what the rep did, but reached no one: the contact clock stays.
  if (!extraction.failedAttempt && (!customer.lastContactAt || customer.lastContactAt < at)) {
    changes.lastContactAt = at;
    changes.lastContactInteractionId = interaction.id;
  }
  await repo.update({ id: customerId }, changes);
}

import Database from "better-sqlite3";

const DAY = 86_400_000;
const STAGES = ["need_confirmed", "tech_exchange", "quotation", "sample_test", "contract_approval"];

/** A small seeded generator, so every run of the bench builds the same data. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Size {
  reps: number;
  /** Customers per rep; each has one opportunity and ten interactions. */
  customersPerRep: number;
}

/**
 * Fills a migrated Beat database with a sales org of `size`: 20 reps a manager; per customer one open
 * opportunity, ten interactions over 30 days, two demands (70% answered), one objection (60% closed)
 * and three contacts; a tenth of customers are key. Written straight through better-sqlite3 in one
 * transaction: building a million rows through the product would measure the builder, not the scan.
 */
export function fillDatabase(path: string, size: Size, now: Date): Record<string, number> {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const random = seeded(7);
  const t = now.getTime();
  const ago = (maxMs: number) => Math.floor(t - random() * maxMs);
  const counts = {
    people: 0,
    customers: 0,
    opportunities: 0,
    interactions: 0,
    demands: 0,
    objections: 0,
    contacts: 0,
  };
  const person = db.prepare(
    `INSERT INTO "person" ("userid", "name", "role", "managerUserid", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const customer = db.prepare(
    `INSERT INTO "customer" ("name", "ownerUserid", "isKey", "createdAt", "updatedAt", "lastContactAt", "aliases", "tags") VALUES (?, ?, ?, ?, ?, ?, '[]', '{}')`,
  );
  const opportunity = db.prepare(
    `INSERT INTO "opportunity" ("customerId", "ownerUserid", "name", "amountFen", "stageKey", "status", "stageEnteredAt", "stageClockAt", "stageClockEvent", "extensionHours", "lastActionAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 'open', ?, ?, '进入', 0, ?, ?, ?)`,
  );
  const interaction = db.prepare(
    `INSERT INTO "interaction" ("sourceKey", "customerId", "repUserid", "source", "text", "occurredAt", "extraction", "signalCount", "status", "createdAt") VALUES (?, ?, ?, 'chat', ?, ?, '{}', ?, 'logged', ?)`,
  );
  const demand = db.prepare(
    `INSERT INTO "demand" ("customerId", "interactionId", "kind", "label", "phrase", "raisedAt", "answeredAt") VALUES (?, ?, 'quote', '报价', '要一份报价', ?, ?)`,
  );
  const objection = db.prepare(
    `INSERT INTO "objection" ("customerId", "interactionId", "category", "phrase", "raisedAt", "closedAt") VALUES (?, ?, 'price', '价格太高', ?, ?)`,
  );
  const contact = db.prepare(
    `INSERT INTO "contact" ("customerId", "name", "role", "createdAt", "lastContactAt") VALUES (?, ?, ?, ?, ?)`,
  );
  const roles = ["procurement", "technical", "finance", "executive", "user"];
  db.transaction(() => {
    for (let m = 0; m < Math.ceil(size.reps / 20); m++) {
      person.run(`mgr${m}`, `主管${m}`, "manager", null, t, t);
      counts.people += 1;
    }
    for (let r = 0; r < size.reps; r++) {
      const rep = `rep${r}`;
      person.run(rep, `销售${r}`, "rep", `mgr${Math.floor(r / 20)}`, t, t);
      counts.people += 1;
      for (let c = 0; c < size.customersPerRep; c++) {
        const customerId = Number(
          customer.run(`客户${r}-${c}`, rep, random() < 0.1 ? 1 : 0, t - 60 * DAY, t, ago(20 * DAY))
            .lastInsertRowid,
        );
        counts.customers += 1;
        const clock = ago(3 * DAY);
        opportunity.run(
          customerId,
          rep,
          `商机${r}-${c}`,
          Math.floor(random() * 1e8),
          STAGES[Math.floor(random() * 5)],
          clock,
          clock,
          ago(14 * DAY),
          t - 30 * DAY,
          t,
        );
        counts.opportunities += 1;
        let firstInteraction = 0;
        for (let i = 0; i < 10; i++) {
          const id = Number(
            interaction.run(
              `bench:${r}:${c}:${i}`,
              customerId,
              rep,
              "客户说价格太高，要对比三家",
              ago(30 * DAY),
              Math.floor(random() * 4),
              t,
            ).lastInsertRowid,
          );
          firstInteraction ||= id;
          counts.interactions += 1;
        }
        for (let d = 0; d < 2; d++) {
          const raised = ago(30 * DAY);
          demand.run(
            customerId,
            firstInteraction,
            raised,
            random() < 0.7 ? raised + Math.floor(random() * 2 * DAY) : null,
          );
          counts.demands += 1;
        }
        const raised = ago(30 * DAY);
        objection.run(
          customerId,
          firstInteraction,
          raised,
          random() < 0.6 ? raised + Math.floor(random() * 5 * DAY) : null,
        );
        counts.objections += 1;
        for (let k = 0; k < 3; k++) {
          contact.run(customerId, `联系人${k}`, roles[Math.floor(random() * 5)], t, ago(40 * DAY));
          counts.contacts += 1;
        }
      }
    }
  })();
  db.close();

  return counts;
}

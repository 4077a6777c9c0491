import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { OutboxMessage } from "../../server/db/entities/outbox-message.entity";
import { type Harness, startHarness } from "../support/beat-harness";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";

const MORNING = new Date("2026-12-05T08:30:00+08:00");
const REPS = 40;

/** A small seeded generator (mulberry32), so the emulator misbehaves the same way on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeEachDatabase("digests when WeCom misbehaves", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  const clock = new SettableClock(MORNING);

  beforeAll(async () => {
    database = await kind.create();
    // The client gives up after 150 ms; a stalled send is taken by WeCom and answered after 400 ms.
    h = await startHarness(database.target, {
      clock,
      inboxWorker: false,
      env: { WECOM_TIMEOUT_MS: "150" },
    });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "主管", role: "manager" },
      ...Array.from({ length: REPS }, (_, i) => ({
        userid: `rep${i}`,
        name: `销售${i}`,
        managerUserid: "boss",
      })),
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  it("delivers every digest exactly once with 30% of sends failing and 10% stalling", async () => {
    h.emulator.misbehave({ failRate: 0.3, stallRate: 0.1, stallMs: 400, random: seeded(42) });

    await h.beat.jobs.run("digest", MORNING);
    for (let round = 0; round < 40; round++) {
      await h.beat.outbox.drain();
      const open = await h.beat.outboxStore.queue.countOpen();
      if (open.pending === 0 && open.processing === 0) break;
      // Retries wait out their backoff; the clock jumps instead of the test waiting.
      clock.advance(10 * 60_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 600));
    const rows = await h.beat.db.dataSource.getRepository(OutboxMessage).find();
    const people = ["boss", ...Array.from({ length: REPS }, (_, i) => `rep${i}`)];

    expect(rows.every((r) => r.status === "done")).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    expect(h.emulator.duplicatesHeldBack).toBeGreaterThan(0);
    expect(people.map((p) => h.emulator.messagesTo(p).length)).toEqual(people.map(() => 1));
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { systemClock } from "../../server/clock";
import { type Database, openDatabase } from "../../server/db/database";
import { AcceptBatcher } from "../../server/inbox/accept-batcher";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { inboxRows } from "../support/inbox-rows";

describeEachDatabase("storing deliveries in batches", (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await kind.create();
    db = await openDatabase(database.target);
  });

  afterAll(async () => {
    await db?.close();
    await database?.dispose();
  });

  const delivery = (deliveryKey: string) => ({
    deliveryKey,
    source: "wecom",
    kind: "text",
    payload: "<xml/>",
  });

  it("answers each caller for its own row: first of a key accepted, repeats duplicate", async () => {
    const batcher = new AcceptBatcher(db, systemClock);

    const outcomes = await Promise.all(
      ["a", "b", "a", "c", "b"].map((k) => batcher.accept(delivery(`k-${k}`))),
    );

    expect(outcomes).toEqual(["accepted", "accepted", "duplicate", "accepted", "duplicate"]);
    expect((await inboxRows(db)).map((r) => r.deliveryKey)).toEqual(["k-a", "k-b", "k-c"]);
  });

  it("stores the good rows of a batch when one row breaks the statement", async () => {
    const batcher = new AcceptBatcher(db, systemClock);
    // Longer than the column's 128 characters: PostgreSQL refuses it; SQLite does not check lengths.
    const tooLong = "x".repeat(200);

    const outcomes = await Promise.allSettled(
      ["g1", tooLong, "g2"].map((k) => batcher.accept(delivery(k))),
    );
    const keys = (await inboxRows(db)).map((r) => r.deliveryKey);

    expect(outcomes[0]).toEqual({ status: "fulfilled", value: "accepted" });
    expect(outcomes[2]).toEqual({ status: "fulfilled", value: "accepted" });
    expect(keys).toEqual(expect.arrayContaining(["g1", "g2"]));
    if (kind.name === "postgres") {
      expect(outcomes[1]?.status).toBe("rejected");
      expect(keys).not.toContain(tooLong);
    }
  });
});

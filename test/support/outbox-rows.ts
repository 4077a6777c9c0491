import type { Harness } from "./beat-harness";
import { waitFor } from "./wait-for";

/** Resolves once the outbox has nothing pending or in progress: what was queued has been sent. */
export async function outboxSettled(h: Harness): Promise<void> {
  await waitFor(async () => {
    const open = await h.beat.outbox
      .drain()
      .then(() =>
        h.beat.db.rows<{ n: string | number }>(
          `SELECT COUNT(*) AS "n" FROM "outbox_message" WHERE "status" IN ('pending', 'processing')`,
          [],
        ),
      );
    return Number(open[0]?.n ?? 0) === 0 ? true : undefined;
  }, "the outbox to settle");
}

import type { Database } from "../../server/db/database";
import { InboxItem } from "../../server/db/entities/inbox-item.entity";

export function inboxRows(db: Database): Promise<InboxItem[]> {
  return db.dataSource.getRepository(InboxItem).find({ order: { id: "ASC" } });
}

/** Polls until every inbox row is done or failed (or the timeout passes), then returns them. */
export async function settledInbox(db: Database, timeoutMs = 10_000): Promise<InboxItem[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await inboxRows(db);
    if (rows.every((r) => r.status === "done" || r.status === "failed") || Date.now() > deadline) {
      return rows;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";

const dir = mkdtempSync(join(tmpdir(), "beat-db-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("names DATABASE_URL when the database cannot be opened", async () => {
  const notADatabase = join(dir, "notes.txt");
  writeFileSync(notADatabase, "this is not SQLite ".repeat(100));

  await expect(openDatabase({ kind: "sqlite", path: notADatabase })).rejects.toThrow(
    /^DATABASE_URL: cannot open the SQLite file .*notes\.txt: /,
  );
  await expect(
    openDatabase({ kind: "postgres", url: "postgres://nobody@127.0.0.1:1/none" }),
  ).rejects.toThrow(/^DATABASE_URL: cannot open the PostgreSQL database: /);
});

import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { describe } from "vitest";
import type { DatabaseTarget } from "../../server/config";

/**
 * Integration suites run once per database. SQLite always; PostgreSQL when BEAT_TEST_PG_URL names
 * one (.ci/run sets it). Each PostgreSQL suite gets a schema of its own, so suites can run in parallel
 * on one database and leave nothing behind.
 */
const PG_URL = process.env.BEAT_TEST_PG_URL ?? "";

export interface TestDatabase {
  target: DatabaseTarget;
  dispose(): Promise<void>;
}

export interface DatabaseKind {
  name: "sqlite" | "postgres";
  create(): Promise<TestDatabase>;
}

const sqlite: DatabaseKind = {
  name: "sqlite",
  create: async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "beat-test-"));

    return {
      target: { kind: "sqlite", path: join(dir, "beat.db") },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

const postgres: DatabaseKind = {
  name: "postgres",
  create: async () => {
    const schema = `beat_test_${randomBytes(6).toString("hex")}`;
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();

    return {
      target: { kind: "postgres", url: PG_URL, searchPath: schema },
      dispose: async () => {
        const client = new Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        await client.end();
      },
    };
  },
};

/** A fresh SQLite database, for the few suites that are about SQLite alone. */
export function sqliteDatabase(): Promise<TestDatabase> {
  return sqlite.create();
}

let warned = false;

/** Declares `suite` once per database, naming each; says so plainly when PostgreSQL is skipped. */
export function describeEachDatabase(title: string, suite: (kind: DatabaseKind) => void): void {
  describe(`${title} on SQLite`, () => suite(sqlite));
  if (PG_URL) {
    describe(`${title} on PostgreSQL`, () => suite(postgres));
    return;
  }
  if (!warned) {
    warned = true;
    process.stderr.write(
      "PostgreSQL half SKIPPED: set BEAT_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test to run it.\n",
    );
  }
  describe.skip(`${title} on PostgreSQL (skipped: BEAT_TEST_PG_URL is not set)`, () =>
    suite(postgres));
}

/** The DATABASE_URL a separate Beat process needs to reach the same test database. */
export function databaseUrlOf(target: DatabaseTarget): string {
  if (target.kind === "sqlite") {
    return `sqlite:${target.path}`;
  }
  if (!target.searchPath) {
    return target.url;
  }
  const url = new URL(target.url);
  url.searchParams.set("options", `-c search_path=${target.searchPath}`);

  return url.toString();
}

/** Declares `suite` on PostgreSQL only (what several processes sharing a database need), or says it skipped. */
export function describeOnPostgres(title: string, suite: (kind: DatabaseKind) => void): void {
  if (PG_URL) {
    describe(`${title} on PostgreSQL`, () => suite(postgres));
    return;
  }
  describe.skip(`${title} (skipped: BEAT_TEST_PG_URL is not set)`, () => suite(postgres));
}

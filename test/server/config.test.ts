import { readFileSync } from "node:fs";
import { join } from "node:path";
import schedule from "node-schedule";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, readConfig, VARIABLE_NAMES } from "../../server/config";

const valid = {
  WECOM_CORP_ID: "ww1436e0e65a779aee",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "secret",
  WECOM_TOKEN: "token",
  WECOM_ENCODING_AES_KEY: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }

  return [];
}

describe("readConfig", () => {
  it("reads a complete environment with the documented defaults", () => {
    const config = readConfig(valid);

    expect(config).toMatchObject({
      port: 3000,
      database: { kind: "sqlite", path: "data/beat.db" },
      wecom: { apiBase: "https://qyapi.weixin.qq.com", callbackMaxAgeSeconds: 300 },
      inboxWorker: true,
      scanCron: "*/10 8-21 * * *",
      digestCron: "30 8 * * 1-6",
    });
  });

  describe("the default scan", () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    /** When the default scan next runs after `at`, as the job scheduler reads it (Asia/Shanghai). */
    const nextScan = (at: string) => {
      vi.useFakeTimers({ now: new Date(at) });
      const job = schedule.scheduleJob(
        { rule: readConfig(valid).scanCron, tz: "Asia/Shanghai" },
        () => undefined,
      );
      const next = new Date(job?.nextInvocation()?.getTime() ?? Number.NaN);
      job?.cancel();
      return next.toISOString();
    };

    it("runs in working hours only, so a breach found at night is announced at 08:00", () => {
      expect(nextScan("2026-12-05T01:45:00+08:00")).toBe("2026-12-05T00:00:00.000Z");
      expect(nextScan("2026-12-05T21:55:00+08:00")).toBe("2026-12-06T00:00:00.000Z");
      expect(nextScan("2026-12-05T21:45:00+08:00")).toBe("2026-12-05T13:50:00.000Z");
      expect(nextScan("2026-12-05T08:05:00+08:00")).toBe("2026-12-05T00:10:00.000Z");
    });
  });

  it("names every missing or malformed variable at once", () => {
    const problems = problemsOf({ WECOM_ENCODING_AES_KEY: "too-short", PORT: "eighty" });

    expect(problems).toHaveLength(6);
    expect(problems.join("\n")).toMatch(/WECOM_ENCODING_AES_KEY must be exactly 43/);
    expect(problems.join("\n")).toMatch(/PORT must be a port number/);
    expect(problems.join("\n")).toMatch(/WECOM_CORP_ID is required/);
  });

  it("refuses a required value that is only spaces", () => {
    const problems = problemsOf({ ...valid, WECOM_SECRET: "   " });

    expect(problems).toEqual([expect.stringMatching(/^WECOM_SECRET is empty/)]);
  });

  it("reads DATABASE_URL as a SQLite file or a PostgreSQL URL, and refuses anything else", () => {
    expect(readConfig({ ...valid, DATABASE_URL: "sqlite:/tmp/x.db" }).database).toEqual({
      kind: "sqlite",
      path: "/tmp/x.db",
    });
    expect(readConfig({ ...valid, DATABASE_URL: "postgres://u@h/db" }).database).toEqual({
      kind: "postgres",
      url: "postgres://u@h/db",
    });
    expect(problemsOf({ ...valid, DATABASE_URL: "mysql://h/db" })[0]).toMatch(/^DATABASE_URL/);
  });

  it("treats an empty value as unset, and refuses a sqlite: URL without a path", () => {
    expect(readConfig({ ...valid, PORT: "", LOG_LEVEL: "" })).toMatchObject({
      port: 3000,
      log: { level: "info" },
    });
    expect(problemsOf({ ...valid, DATABASE_URL: "sqlite:" })[0]).toMatch(/^DATABASE_URL/);
  });
});

describe(".env.example", () => {
  it("lists every variable Beat reads, each under a comment, and no other", () => {
    const lines = readFileSync(join(__dirname, "../../.env.example"), "utf8").split("\n");
    const listed = lines.flatMap((line, i) => {
      const name = /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
      return name ? [{ name, commented: (lines[i - 1] ?? "").startsWith("#") }] : [];
    });

    expect(listed.map((v) => v.name).sort()).toEqual([...VARIABLE_NAMES].sort());
    expect(listed.filter((v) => !v.commented)).toEqual([]);
  });
});

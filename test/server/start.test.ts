import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

describe("starting the server", () => {
  it("refuses to start without its configuration and names every bad variable", () => {
    const env = {
      PATH: process.env.PATH ?? "",
      WECOM_ENCODING_AES_KEY: "only-forty-two-characters-long-and-wrong!!",
    };

    const run = spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/WECOM_CORP_ID is required/);
    expect(run.stderr).toMatch(/WECOM_SECRET is required/);
    expect(run.stderr).toMatch(/WECOM_ENCODING_AES_KEY must be exactly 43 letters and digits/);
    expect(run.stderr).toMatch(/See \.env\.example/);
  });
});

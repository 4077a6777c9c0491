import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

describe("starting the server", () => {
  it("refuses to start without its configuration and names every bad variable", () => {
    const env = {
      PATH: process.env.PATH ?? "",
      WECOM_ENCODING_AES_KEY: "only-forty-two-characters-long-and-wrong!!",
    };

    // Run from an empty folder: a developer's own .env in the checkout must not fill the gaps.
    const cwd = mkdtempSync(join(tmpdir(), "beat-start-"));
    const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
    const run = spawnSync(process.execPath, ["--import", tsx, join(ROOT, "server/main.ts")], {
      cwd,
      // tsx reads decorator settings from the tsconfig of the folder it runs in: point it at ours.
      env: { ...env, TSX_TSCONFIG_PATH: join(ROOT, "tsconfig.json") },
      encoding: "utf8",
    });
    rmSync(cwd, { recursive: true, force: true });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/WECOM_CORP_ID is required/);
    expect(run.stderr).toMatch(/WECOM_SECRET is required/);
    expect(run.stderr).toMatch(/WECOM_ENCODING_AES_KEY must be exactly 43 letters and digits/);
    expect(run.stderr).toMatch(/See \.env\.example/);
  });
});

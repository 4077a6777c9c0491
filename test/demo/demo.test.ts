import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("npm run demo", () => {
  it("runs a morning end to end and shows each rep's messages acknowledged", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "test/demo/run-demo.ts"], {
      cwd: join(__dirname, "../.."),
      encoding: "utf8",
      timeout: 60_000,
    });

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/WeCom URL verification: HTTP 200/);
    expect(run.stdout).toMatch(/Imported customers\.csv: 12 created, 0 rejected/);
    expect(run.stdout).toMatch(/8\/8 deliveries processed/);
    expect(run.stdout).toMatch(
      /zhangwei: 3 message\(s\)\n {2}\[text\] 张伟，收到你的跟进记录，已记下。/,
    );
    expect(run.stdout).toMatch(/lina: 3 message\(s\)/);
    expect(run.stdout).toMatch(/wangqiang: 2 message\(s\)/);
  });
});

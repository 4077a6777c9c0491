import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("npm run demo", () => {
  it("runs a day end to end: chats and calls build records, and the next morning's digests are printed", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "test/demo/run-demo.ts"], {
      cwd: join(__dirname, "../.."),
      encoding: "utf8",
      timeout: 60_000,
    });

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/WeCom URL verification: HTTP 200/);
    expect(run.stdout).toMatch(/Imported customers\.csv: 12 created, 0 rejected/);
    expect(run.stdout).toMatch(/POST \/api\/call-summaries demo-call-0001: HTTP 202 accepted/);
    expect(run.stdout).toMatch(/15\/15 deliveries processed/);
    expect(run.stdout).toMatch(/zhangwei: 6 message\(s\)\n {2}\[text\] 已记到【沪西冷链物流】/);
    expect(run.stdout).toContain("价格敏感「价格太高」");
    expect(run.stdout).toContain("请补充关键结论");
    expect(run.stdout).toMatch(
      /— The customer records the morning built —\n【华东某食品有限公司】/,
    );
    expect(run.stdout).toContain("budget 「预算大概80万左右」");
    expect(run.stdout).toContain("conclusions: 钱总同意下周安排技术交流");
    expect(run.stdout).toMatch(
      /— The next morning, .*: the digest job runs, and each person receives —/,
    );
    expect(run.stdout).toMatch(/zhangwei: \[text\] 早上好，张伟。今天先关这 2 个红点：/);
    expect(run.stdout).toMatch(/chenjing: \[text\] 早上好，陈静。团队今天有 4 个红点/);
  });
});

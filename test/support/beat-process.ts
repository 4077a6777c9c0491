import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** Beat as a real separate process, started the way `npm run dev` does, for crash tests and benches. */
export interface BeatProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  return typeof address === "object" && address ? address.port : 0;
}

/** Starts Beat with `env` (LOG_LEVEL defaults to info) and resolves once /healthz answers 200. */
export async function spawnBeat(
  env: Record<string, string>,
  options: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<BeatProcess> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "--import", "tsx", "server/main.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: "info",
        ...env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_FORMAT: "json",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const collect = (d: Buffer) => {
    output += String(d);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`beat exited with ${child.exitCode}:\n${output}`);
    }
    const ready = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      return { child, url, output: () => output };
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`beat did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Kills without warning, as a power cut or the OOM killer would, and waits for the process to go. */
export async function killHard(beat: BeatProcess): Promise<void> {
  const exited = new Promise((resolve) => beat.child.once("exit", resolve));
  beat.child.kill("SIGKILL");
  await exited;
}

export async function stopGently(beat: BeatProcess): Promise<void> {
  if (beat.child.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => beat.child.once("exit", resolve));
  beat.child.kill("SIGTERM");
  await exited;
}

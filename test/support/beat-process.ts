import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** Beat as a real separate process, started the way `npm run dev` does, for crash tests. */
export interface BeatProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

export async function spawnBeat(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<BeatProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: "info", LOG_FORMAT: "json" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`beat did not start:\n${output}`)), timeoutMs);
    const look = () => {
      const match = /"port":(\d+).*"msg":"beat listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`beat exited with ${code}:\n${output}`));
    });
  });

  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
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

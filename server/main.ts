import { existsSync } from "node:fs";
import { startBeat } from "./beat";
import { systemClock } from "./clock";
import { ConfigError, readConfig } from "./config";
import { createLogger } from "./logger";

/** The process entry point: read .env if present, validate config once, start, stop on a signal. */
async function main(): Promise<void> {
  // Variables already set in the environment win over the file (Node's loadEnvFile never overrides).
  if (existsSync(".env")) {
    process.loadEnvFile(".env");
  }
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for what each variable means.\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.log);
  const beat = await startBeat(config, { clock: systemClock, log });

  const shutdown = (signal: string) => {
    log.info({ signal }, "stopping");
    beat.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Beat failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type RunningBeat, startBeat } from "../../server/beat";
import { type Clock, systemClock } from "../../server/clock";
import type { DatabaseTarget } from "../../server/config";
import { type Config, readConfig } from "../../server/config";
import { type EmulatorApp, WeComEmulator } from "../emulator/wecom-emulator";
import { testApp } from "./test-app";

export interface Harness {
  beat: RunningBeat;
  emulator: WeComEmulator;
  app: EmulatorApp;
  callbackUrl: string;
  stop(): Promise<void>;
}

/** The environment a Beat process gets for `app` against `emulator`, as `npm start` would read it. */
export function beatEnv(
  app: EmulatorApp,
  apiBase: string,
  databaseUrl: string,
  extra: Record<string, string> = {},
) {
  return {
    WECOM_CORP_ID: app.corpId,
    WECOM_AGENT_ID: app.agentId,
    WECOM_SECRET: app.secret,
    WECOM_TOKEN: app.token,
    WECOM_ENCODING_AES_KEY: app.encodingAesKey,
    WECOM_API_BASE: apiBase,
    DATABASE_URL: databaseUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.BEAT_TEST_LOG_LEVEL ?? "silent",
    // Attachments of a test run go to the system's temp folder, never into the checkout's data/.
    ATTACHMENT_DIR: join(tmpdir(), `beat-files-${randomBytes(4).toString("hex")}`),
    ...extra,
  };
}

/** Starts the emulator and an in-process Beat on `target`, wired to each other over loopback HTTP. */
export async function startHarness(
  target: DatabaseTarget,
  options: {
    clock?: Clock;
    inboxWorker?: boolean;
    app?: EmulatorApp;
    env?: Record<string, string>;
    /** Where Beat logs, for a test that checks what is logged; silent by default. */
    log?: pino.Logger;
  } = {},
): Promise<Harness> {
  const app = options.app ?? testApp();
  const emulator = new WeComEmulator(app);
  await emulator.start();
  const base: Config = readConfig(beatEnv(app, emulator.apiBase, "", options.env));
  const config: Config = { ...base, database: target, inboxWorker: options.inboxWorker ?? true };
  const log = options.log ?? pino({ level: process.env.BEAT_TEST_LOG_LEVEL ?? "silent" });
  const beat = await startBeat(config, { clock: options.clock ?? systemClock, log });

  return {
    beat,
    emulator,
    app,
    callbackUrl: `${beat.url}/wecom/callback`,
    stop: async () => {
      await beat.stop();
      await emulator.stop();
    },
  };
}

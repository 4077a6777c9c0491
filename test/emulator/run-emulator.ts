import { type EmulatorApp, WeComEmulator } from "./wecom-emulator";

/**
 * Runs the WeCom emulator as its own process, for benches and for trying Beat by hand:
 * `npx tsx test/emulator/run-emulator.ts` with the app's WECOM_* variables set prints
 * `{"apiBase": …}` on its first line; point Beat's WECOM_API_BASE there. EMULATOR_PORT fixes the port;
 * EMULATOR_ECHO=1 prints every message Beat sends, as the recipient's phone would show it.
 */
const app: EmulatorApp = {
  corpId: process.env.WECOM_CORP_ID ?? "",
  agentId: process.env.WECOM_AGENT_ID ?? "",
  secret: process.env.WECOM_SECRET ?? "",
  token: process.env.WECOM_TOKEN ?? "",
  encodingAesKey: process.env.WECOM_ENCODING_AES_KEY ?? "",
};
const emulator = new WeComEmulator(app);
const fail = (error: unknown) => {
  process.stderr.write(`emulator failed: ${String(error)}\n`);
  process.exit(1);
};

emulator.start(Number(process.env.EMULATOR_PORT ?? 0)).then((apiBase) => {
  process.stdout.write(`${JSON.stringify({ apiBase })}\n`);
  const echo = process.env.EMULATOR_ECHO === "1";
  // The list of sent messages would grow without bound in a long run; a bench only needs the count.
  setInterval(
    () => {
      for (const message of emulator.sent.splice(0, emulator.sent.length)) {
        if (echo) {
          process.stdout.write(`→ ${message.touser} [${message.msgtype}]\n${message.content}\n\n`);
        }
      }
    },
    echo ? 200 : 1000,
  ).unref();
}, fail);
process.once("SIGTERM", () => {
  emulator.stop().then(() => process.exit(0), fail);
});

import { existsSync } from "node:fs";
import { type EmulatorApp, WeComEmulator } from "./wecom-emulator";
import { textMessage } from "./wecom-messages";

/**
 * Sends one chat line to a running Beat exactly as WeCom would (signed, encrypted), for trying Beat
 * by hand: `npx tsx test/emulator/send-chat.ts <userid> <text>`. It reads the WECOM_* variables
 * from the environment or ./.env, and Beat's address from BEAT_URL (http://127.0.0.1:3000).
 */
if (existsSync(".env")) {
  process.loadEnvFile(".env");
}
const [userid, ...words] = process.argv.slice(2);
if (!userid || words.length === 0) {
  process.stderr.write("usage: npx tsx test/emulator/send-chat.ts <userid> <text>\n");
  process.exit(2);
}
const app: EmulatorApp = {
  corpId: process.env.WECOM_CORP_ID ?? "",
  agentId: process.env.WECOM_AGENT_ID ?? "",
  secret: process.env.WECOM_SECRET ?? "",
  token: process.env.WECOM_TOKEN ?? "",
  encodingAesKey: process.env.WECOM_ENCODING_AES_KEY ?? "",
};
const beatUrl = process.env.BEAT_URL ?? `http://127.0.0.1:${process.env.PORT || 3000}`;

new WeComEmulator(app)
  .pushCallback(`${beatUrl}/wecom/callback`, textMessage(app, userid, words.join(" ")))
  .then(
    (answer) => {
      process.stdout.write(`HTTP ${answer.status}${answer.body ? ` ${answer.body}` : ""}\n`);
      process.exit(answer.status === 200 ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`could not reach Beat at ${beatUrl}: ${String(error)}\n`);
      process.exit(1);
    },
  );

import { randomBytes } from "node:crypto";
import type { EmulatorApp } from "../emulator/wecom-emulator";

/** A WeCom app identity for tests: fresh random secrets in WeCom's formats. */
export function testApp(): EmulatorApp {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const key = Array.from(randomBytes(43), (b) => letters[b % letters.length]).join("");

  return {
    corpId: `ww${randomBytes(8).toString("hex")}`,
    agentId: "1000002",
    secret: randomBytes(16).toString("hex"),
    token: randomBytes(8).toString("hex"),
    encodingAesKey: key,
  };
}

import { createDecipheriv, timingSafeEqual } from "node:crypto";
import { getSignature, decrypt as wecomDecrypt, encrypt as wecomEncrypt } from "@wecom/crypto";
import { CallbackRejection } from "./callback-rejection";

/** What a self-built app's 接收消息 settings hold. */
export interface CallbackSecrets {
  token: string;
  encodingAesKey: string;
  /** For a self-built app the decrypted receiveid must be the CorpID (加解密方案说明, document/path/90968). */
  corpId: string;
}

export interface SignedPayload {
  signature: string | undefined;
  timestamp: string | undefined;
  nonce: string | undefined;
  /** The Base64 ciphertext: `echostr` on GET, the `<Encrypt>` text on POST. */
  encrypt: string;
}

/** WeCom pads to 32-byte blocks, not AES's 16 (加解密方案说明, document/path/90968). */
const WECOM_BLOCK = 32;
const AES_BLOCK = 16;

function signatureMatches(secrets: CallbackSecrets, p: SignedPayload): boolean {
  const expected = Buffer.from(
    getSignature(secrets.token, p.timestamp ?? "", p.nonce ?? "", p.encrypt),
  );
  const given = Buffer.from(p.signature ?? "");

  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * @wecom/crypto strips whatever the last byte says without checking it. Decrypting only the final
 * 32 bytes (CBC lets a block be decrypted given the block before it) is enough to verify that the
 * padding is 1..32 copies of its own length, without decrypting the message twice.
 */
function paddingIsValid(key: Buffer, ciphertext: Buffer): boolean {
  const tailStart = ciphertext.length - WECOM_BLOCK;
  const iv =
    tailStart === 0
      ? key.subarray(0, AES_BLOCK)
      : ciphertext.subarray(tailStart - AES_BLOCK, tailStart);
  const decipher = createDecipheriv("aes-256-cbc", key, iv);
  decipher.setAutoPadding(false);
  const tail = Buffer.concat([decipher.update(ciphertext.subarray(tailStart)), decipher.final()]);
  const pad = tail[tail.length - 1] ?? 0;
  if (pad < 1 || pad > WECOM_BLOCK) {
    return false;
  }

  return tail.subarray(tail.length - pad).every((byte) => byte === pad);
}

function checkFreshness(timestamp: string | undefined, nowMs: number, maxAgeSeconds: number): void {
  // WeCom sends Unix seconds as plain digits; 1.7e9, 0x…, or padded forms are not its own.
  if (!timestamp) {
    throw new CallbackRejection("missing_timestamp");
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new CallbackRejection("malformed_timestamp");
  }
  const sentAt = Number(timestamp);
  if (Math.abs(nowMs / 1000 - sentAt) > maxAgeSeconds) {
    throw new CallbackRejection("stale_timestamp");
  }
}

/**
 * Verifies and opens one WeCom envelope: freshness, signature (constant-time), ciphertext shape,
 * padding, decryption, and receiveid, in that order, so nothing is decrypted before it is
 * authenticated. Returns the plaintext (the echo on GET, the inner XML on POST).
 */
export function openEnvelope(
  secrets: CallbackSecrets,
  payload: SignedPayload,
  now: Date,
  maxAgeSeconds: number,
): string {
  if (!payload.signature) {
    throw new CallbackRejection("missing_signature");
  }
  if (!payload.nonce) {
    throw new CallbackRejection("missing_nonce");
  }
  checkFreshness(payload.timestamp, now.getTime(), maxAgeSeconds);
  if (!signatureMatches(secrets, payload)) {
    throw new CallbackRejection("bad_signature");
  }
  const ciphertext = Buffer.from(payload.encrypt, "base64");
  if (ciphertext.length === 0 || ciphertext.length % WECOM_BLOCK !== 0) {
    throw new CallbackRejection("bad_ciphertext");
  }
  const key = Buffer.from(`${secrets.encodingAesKey}=`, "base64");
  if (!paddingIsValid(key, ciphertext)) {
    throw new CallbackRejection("bad_padding");
  }
  let opened: { message: string; id: string };
  try {
    opened = wecomDecrypt(secrets.encodingAesKey, payload.encrypt);
  } catch {
    throw new CallbackRejection("undecryptable");
  }
  if (opened.id !== secrets.corpId) {
    throw new CallbackRejection("wrong_receiver");
  }

  return opened.message;
}

/** Encrypts and signs a reply or an outgoing callback the way WeCom does; used for passive replies. */
export function sealEnvelope(
  secrets: CallbackSecrets,
  plaintext: string,
  timestamp: string,
  nonce: string,
  random?: Buffer,
): { encrypt: string; signature: string } {
  const encrypt = wecomEncrypt(secrets.encodingAesKey, plaintext, secrets.corpId, random);

  return { encrypt, signature: getSignature(secrets.token, timestamp, nonce, encrypt) };
}

import { getSignature, encrypt as wecomEncrypt } from "@wecom/crypto";
import { describe, expect, it } from "vitest";
import { openEnvelope, sealEnvelope } from "../../bot/callback-envelope";
import { CallbackRejection } from "../../bot/callback-rejection";
import { vectors } from "../support/vectors";

const secrets = {
  token: vectors.token,
  corpId: vectors.corpId,
  encodingAesKey: vectors.encodingAESKey,
};
const MAX_AGE = 300;

/** The clock pinned to the moment the official sample was signed, so its old timestamp is fresh. */
const at = (timestamp: string) => new Date(Number(timestamp) * 1000);

function rejectionOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CallbackRejection) {
      return error.reason;
    }
    throw error;
  }

  return "accepted";
}

describe("openEnvelope with WeCom's official vectors", () => {
  it("verifies and decrypts the official URL-verification echo", () => {
    const v = vectors.verifyUrl;
    const query = new URLSearchParams(v.rawQuery);

    const echo = openEnvelope(
      secrets,
      {
        signature: query.get("msg_signature") ?? undefined,
        timestamp: query.get("timestamp") ?? undefined,
        nonce: query.get("nonce") ?? undefined,
        encrypt: query.get("echostr") ?? "",
      },
      at(v.timestamp),
      MAX_AGE,
    );

    expect(query.get("echostr")).toBe(v.echostr);
    expect(echo).toBe(v.expectedEcho);
  });

  it("verifies and decrypts the official POST, whose 30-byte pad breaks 16-byte PKCS#7", () => {
    const v = vectors.post;

    const plaintext = openEnvelope(
      secrets,
      { signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt },
      at(v.timestamp),
      MAX_AGE,
    );

    expect(plaintext).toBe(v.expectedPlaintext);
  });

  it("opens the derived UTF-8 vector, whose msg_len counts bytes not JS characters", () => {
    const v = vectors.derived[1];
    if (!v) throw new Error("vector missing");

    const plaintext = openEnvelope(
      secrets,
      { signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt },
      at(v.timestamp),
      MAX_AGE,
    );

    expect(plaintext).toBe(v.plaintext);
  });

  it("seals a passive reply byte-for-byte like the derived reference vector", () => {
    const v = vectors.derived[0];
    if (!v?.random16) throw new Error("vector missing");

    const sealed = sealEnvelope(
      secrets,
      v.plaintext,
      v.timestamp,
      v.nonce,
      Buffer.from(v.random16),
    );

    expect(sealed).toEqual({ encrypt: v.encrypt, signature: v.msg_signature });
  });
});

describe("openEnvelope refusals", () => {
  const v = vectors.post;
  const signed = (encrypt: string, token = vectors.token) => ({
    signature: getSignature(token, v.timestamp, v.nonce, encrypt),
    timestamp: v.timestamp,
    nonce: v.nonce,
    encrypt,
  });

  it("refuses a signature made with another token", () => {
    const payload = signed(v.encrypt, "not-the-token");

    expect(rejectionOf(() => openEnvelope(secrets, payload, at(v.timestamp), MAX_AGE))).toBe(
      "bad_signature",
    );
  });

  it("refuses a correctly signed message that was encrypted for another corp", () => {
    const foreign = wecomEncrypt(vectors.encodingAESKey, "<xml></xml>", "wwsomeothercorp");

    expect(
      rejectionOf(() => openEnvelope(secrets, signed(foreign), at(v.timestamp), MAX_AGE)),
    ).toBe("wrong_receiver");
  });

  it("refuses signed ciphertext that was truncated", () => {
    const truncated = Buffer.from(v.encrypt, "base64").subarray(0, 200).toString("base64");

    expect(
      rejectionOf(() => openEnvelope(secrets, signed(truncated), at(v.timestamp), MAX_AGE)),
    ).toBe("bad_ciphertext");
  });

  it("refuses signed ciphertext whose padding is not WeCom's PKCS#7", () => {
    const blocks = Buffer.from(v.encrypt, "base64");
    // Dropping the final 32-byte block leaves well-sized ciphertext that ends in message bytes.
    const unpadded = blocks.subarray(0, blocks.length - 32).toString("base64");

    expect(
      rejectionOf(() => openEnvelope(secrets, signed(unpadded), at(v.timestamp), MAX_AGE)),
    ).toBe("bad_padding");
  });

  it("refuses a replay older than the allowed age, and a timestamp from the future", () => {
    const payload = {
      signature: v.msg_signature,
      timestamp: v.timestamp,
      nonce: v.nonce,
      encrypt: v.encrypt,
    };
    const later = new Date(at(v.timestamp).getTime() + (MAX_AGE + 1) * 1000);
    const earlier = new Date(at(v.timestamp).getTime() - (MAX_AGE + 1) * 1000);

    expect(rejectionOf(() => openEnvelope(secrets, payload, later, MAX_AGE))).toBe(
      "stale_timestamp",
    );
    expect(rejectionOf(() => openEnvelope(secrets, payload, earlier, MAX_AGE))).toBe(
      "stale_timestamp",
    );
  });

  it("refuses a request with no signature at all", () => {
    const payload = {
      signature: undefined,
      timestamp: v.timestamp,
      nonce: v.nonce,
      encrypt: v.encrypt,
    };

    expect(rejectionOf(() => openEnvelope(secrets, payload, at(v.timestamp), MAX_AGE))).toBe(
      "missing_signature",
    );
  });

  it("names a missing nonce, a missing timestamp and one that is not Unix seconds", () => {
    const base = {
      signature: v.msg_signature,
      timestamp: v.timestamp,
      nonce: v.nonce,
      encrypt: v.encrypt,
    };
    const reason = (payload: typeof base | Record<string, string | undefined>) =>
      rejectionOf(() => openEnvelope(secrets, payload as typeof base, at(v.timestamp), MAX_AGE));

    expect(reason({ ...base, nonce: undefined })).toBe("missing_nonce");
    expect(reason({ ...base, timestamp: undefined })).toBe("missing_timestamp");
    expect(reason({ ...base, timestamp: `${v.timestamp}.0` })).toBe("malformed_timestamp");
  });
});

import { createHmac, timingSafeEqual } from "node:crypto";
import { BeatError } from "../errors";

/**
 * Checks a request signed the way Beat asks other systems to sign (the phone system's call
 * summaries): hex HMAC-SHA256 over `timestamp + "." + body` with a shared secret, the timestamp in
 * Unix seconds. A timestamp more than `maxSkewSeconds` from now is refused, so a captured request
 * cannot be replayed later.
 */
export function verifySignedRequest(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  now: Date;
  maxSkewSeconds: number;
}): void {
  if (!input.timestamp) {
    throw new BeatError("timestamp_missing", "X-Beat-Timestamp is missing: send Unix seconds", 401);
  }
  if (!/^\d{9,11}$/.test(input.timestamp)) {
    throw new BeatError(
      "timestamp_invalid",
      "X-Beat-Timestamp must be Unix seconds (10 digits), not milliseconds or a date",
      401,
    );
  }
  const skew = Math.abs(input.now.getTime() / 1000 - Number(input.timestamp));
  if (skew > input.maxSkewSeconds) {
    throw new BeatError(
      "timestamp_out_of_window",
      `X-Beat-Timestamp is more than ${input.maxSkewSeconds} seconds from the server's clock`,
      401,
    );
  }
  const given = (input.signature ?? "")
    .trim()
    .replace(/^sha256=/i, "")
    .toLowerCase();
  const expected = createHmac("sha256", input.secret)
    .update(`${input.timestamp}.${input.body}`)
    .digest("hex");
  const ok =
    /^[0-9a-f]{64}$/.test(given) &&
    timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(expected, "hex"));
  if (!ok) {
    throw new BeatError(
      "signature_invalid",
      "X-Beat-Signature is not the HMAC-SHA256 of timestamp.body with the shared secret",
      401,
    );
  }
}

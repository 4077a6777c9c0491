import { createHmac } from "node:crypto";

/**
 * The phone system's side of /api/call-summaries: the JSON body signed with HMAC-SHA256 over
 * `timestamp + "." + body`, in the headers Beat reads. Options make the request wrong on purpose.
 */
export async function postCallSummary(
  baseUrl: string,
  secret: string,
  body: unknown,
  options: { timestamp?: number; signature?: string; rawBody?: string | Buffer } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const raw = options.rawBody ?? JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature ??
    createHmac("sha256", secret).update(`${timestamp}.`).update(raw).digest("hex");
  const response = await fetch(`${baseUrl}/api/call-summaries`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-beat-timestamp": timestamp,
      "x-beat-signature": signature,
    },
    body: raw,
  });

  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

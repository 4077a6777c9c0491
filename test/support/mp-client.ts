import type { Harness } from "./beat-harness";

export interface ApiAnswer {
  status: number;
  json: Record<string, unknown> & { [key: string]: unknown };
}

/** The mini-program's side of /api/mp: logs in as `userid` with a wx.qy.login code from the emulator. */
export async function mpLogin(h: Harness, userid: string): Promise<string> {
  const answer = await mpCall(h, null, "POST", "/login", { code: h.emulator.loginCode(userid) });
  if (answer.status !== 200) {
    throw new Error(`login as ${userid} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  }

  return String(answer.json.token);
}

/** One JSON call to /api/mp with the session token (or none). */
export async function mpCall(
  h: Harness,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(`${h.beat.url}/api/mp${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { raw: text };
  }

  return { status: response.status, json };
}

/** Uploads one file as wx.uploadFile does: multipart with `file` and the attachment `type`. */
export async function mpUpload(
  h: Harness,
  token: string,
  opportunityId: number,
  type: string,
  file: { name: string; bytes: Buffer },
): Promise<ApiAnswer> {
  const form = new FormData();
  form.set("type", type);
  form.set("file", new Blob([file.bytes]), file.name);
  const response = await fetch(`${h.beat.url}/api/mp/opportunities/${opportunityId}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });

  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Small real files of the kinds the pipeline accepts, so the content check sees true bytes. */
export const FILES = {
  png: Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
  pdf: Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n" +
      "trailer<</Root 1 0 R>>\n%%EOF\n",
  ),
  text: Buffer.from("这不是图片，只是改了扩展名的文本。"),
};

import type { z } from "zod";
import { ApiError, type GateItem } from "./api-error";
import { apiBase } from "./config";
import { dropSession, ensureSession } from "./session";

type Method = "GET" | "POST";

function send(method: Method, path: string, token: string, body?: unknown) {
  return new Promise<WechatMiniprogram.RequestSuccessCallbackResult>((resolve, reject) => {
    wx.request({
      url: `${apiBase()}/api/mp${path}`,
      method,
      data: body as WechatMiniprogram.IAnyObject | undefined,
      header: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      success: resolve,
      fail: () => reject(new ApiError("offline", "network")),
    });
  });
}

/**
 * One call to Beat's /api/mp, answered through `schema`. An expired session is renewed once with
 * wx.qy.login and the call repeated; a 409 from a stage gate becomes a "gate" error carrying exactly
 * what is missing; other refusals carry the server's reason.
 */
export async function call<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.output<S>> {
  let answer = await send(method, path, (await ensureSession()).token, body);
  if (answer.statusCode === 401) {
    dropSession();
    try {
      answer = await send(method, path, (await ensureSession()).token, body);
    } catch (error) {
      throw error instanceof ApiError && error.kind === "offline"
        ? error
        : new ApiError("session_expired", "login again", 401);
    }
    if (answer.statusCode === 401) {
      throw new ApiError("session_expired", "login again", 401);
    }
  }
  const data = answer.data as { error?: string; message?: string; missing?: GateItem[] };
  if (answer.statusCode === 409 && data.error === "gate_incomplete") {
    throw new ApiError("gate", data.message ?? "", 409, data.missing ?? []);
  }
  if (answer.statusCode >= 400) {
    throw new ApiError(
      "refused",
      data.message ?? `HTTP ${answer.statusCode}`,
      answer.statusCode,
      [],
      data.error,
    );
  }
  const parsed = schema.safeParse(answer.data);
  if (!parsed.success) {
    throw new ApiError(
      "invalid_answer",
      "the server's answer was not understood",
      answer.statusCode,
    );
  }

  return parsed.data;
}

import { loginResponse } from "../shared/api-schemas";
import { ApiError } from "./api-error";
import { apiBase } from "./config";
import { forget, readStored, store } from "./storage";

const SESSION_KEY = "beat:session";

interface Session {
  token: string;
  expiresAt: string;
  user: { userid: string; name: string; role: string };
}

/** The kept session, if it has not expired. */
export function currentSession(): Session | null {
  const session = readStored<Session>(SESSION_KEY);

  return session && new Date(session.expiresAt).getTime() > Date.now() ? session : null;
}

export function dropSession(): void {
  forget(SESSION_KEY);
}

function wecomCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    // wx.qy exists only inside WeCom; opened in WeChat the pages would otherwise fail obscurely.
    if (!wx.qy) {
      reject(new ApiError("not_in_wecom", "wx.qy is missing"));
      return;
    }
    wx.qy.login({
      success: (result) => resolve(result.code),
      fail: (error) => reject(new ApiError("session_expired", error.errMsg)),
    });
  });
}

/**
 * Logs in silently: WeCom's wx.qy.login gives a code, Beat exchanges it for a session of its own,
 * which is kept until it expires. No password, no form.
 */
export async function login(): Promise<Session> {
  const code = await wecomCode();
  const answer = await new Promise<WechatMiniprogram.RequestSuccessCallbackResult>(
    (resolve, reject) => {
      wx.request({
        url: `${apiBase()}/api/mp/login`,
        method: "POST",
        data: { code },
        header: { "content-type": "application/json" },
        success: resolve,
        fail: () => reject(new ApiError("offline", "network")),
      });
    },
  );
  if (answer.statusCode === 401 || answer.statusCode === 403) {
    throw new ApiError("session_expired", "login refused", answer.statusCode);
  }
  if (answer.statusCode !== 200) {
    const data = answer.data as { error?: string; message?: string } | undefined;
    throw new ApiError(
      "refused",
      data?.message ?? `HTTP ${answer.statusCode}`,
      answer.statusCode,
      [],
      data?.error,
    );
  }
  const session = loginResponse.parse(answer.data);
  store(SESSION_KEY, session);

  return session;
}

/** The session to call with: the kept one, or a fresh login. */
export async function ensureSession(): Promise<Session> {
  return currentSession() ?? login();
}

import { refusalWords } from "../shared/error-words";

/**
 * Why a call to Beat did not work, in the kinds each page shows differently: no network, a session
 * that could not be renewed, the gate's list of what is missing, or a refusal with its reason.
 */
export type ApiErrorKind =
  | "offline"
  | "session_expired"
  | "gate"
  | "refused"
  | "invalid_answer"
  | "not_in_wecom";

export interface GateItem {
  kind: "field" | "attachment";
  key: string;
  label: string;
}

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    /** For "gate": exactly what the stage being left still misses. */
    readonly missing: GateItem[] = [],
    /** The server's refusal code (`forbidden`, `quote_invalid` …), for the words a rep reads. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Words for a page to show for an error. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return "出了点问题，请稍后再试";
  switch (error.kind) {
    case "offline":
      return "网络连不上，检查网络后再试";
    case "session_expired":
      return "登录已过期，点重试重新登录（已填的内容会保留）";
    case "gate":
      return `还缺：${error.missing.map((m) => m.label).join("、")}`;
    case "not_in_wecom":
      return "请在企业微信里打开销售节拍";
    case "invalid_answer":
      return "服务器的回答看不懂：请更新小程序后再试";
    default:
      return refusalWords(error.code, error.status);
  }
}

import { ApiError, describeError } from "./api-error";

export type PageState = "loading" | "ready" | "empty" | "offline" | "expired" | "error";

/** The state-view state and message for what a load ended with. */
export function stateOf(error: unknown): { state: PageState; message: string } {
  if (error instanceof ApiError && error.kind === "offline")
    return { state: "offline", message: "" };
  if (error instanceof ApiError && error.kind === "session_expired")
    return { state: "expired", message: "" };

  return { state: "error", message: describeError(error) };
}

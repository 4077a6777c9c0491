import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
} from "openai/error";
import { ZodError } from "zod";

/**
 * Each way asking the model can fail. Every one of them ends the same way (the rules' result stands),
 * but the log says which, so an operator can tell a slow provider from a wrong key from a bad answer.
 */
export type ModelFailureReason =
  | "timeout"
  | "rate_limited"
  | "provider_error"
  | "request_refused"
  | "network"
  | "blank_answer"
  | "invalid_json"
  | "invalid_answer"
  | "truncated"
  | "refusal"
  | "unexpected";

export class ModelFailure extends Error {
  readonly code = "model_failed";

  constructor(
    readonly reason: ModelFailureReason,
    /** The provider's HTTP status, when it answered with an error. */
    readonly status?: number,
    /** How many schema problems an invalid answer had (never their values: they may quote the text). */
    readonly issues?: number,
  ) {
    super(`model extraction failed: ${reason}${status ? ` (HTTP ${status})` : ""}`);
    this.name = "ModelFailure";
  }
}

/** Maps whatever the SDK, JSON.parse or zod threw to a ModelFailure; `timedOut` is our own deadline. */
export function toModelFailure(error: unknown, timedOut: boolean): ModelFailure {
  if (error instanceof ModelFailure) {
    return error;
  }
  if (timedOut || error instanceof APIConnectionTimeoutError) {
    return new ModelFailure("timeout");
  }
  if (error instanceof APIUserAbortError || error instanceof APIConnectionError) {
    return new ModelFailure("network");
  }
  if (error instanceof APIError) {
    const status = error.status;
    if (status === 429) {
      return new ModelFailure("rate_limited", status);
    }

    return new ModelFailure(
      status !== undefined && status >= 500 ? "provider_error" : "request_refused",
      status,
    );
  }
  if (error instanceof SyntaxError) {
    return new ModelFailure("invalid_json");
  }
  if (error instanceof ZodError) {
    return new ModelFailure("invalid_answer", undefined, error.issues.length);
  }
  if (error instanceof LengthFinishReasonError) {
    return new ModelFailure("truncated");
  }
  if (error instanceof ContentFilterFinishReasonError) {
    return new ModelFailure("refusal");
  }

  // A bug of ours rather than the provider's; the rules' result still stands, and the log says so.
  return new ModelFailure("unexpected");
}

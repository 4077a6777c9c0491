/**
 * Failures Beat expects, each with a stable code. HTTP routes and the bot map these codes in one
 * place each (server/http/error-middleware.ts, bot/renderers); anything else is an unknown 500.
 */
export class BeatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Structured facts for the caller (what a gate still misses), sent along with the code. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "BeatError";
  }
}

export class NotFoundError extends BeatError {
  constructor(what: string) {
    super("not_found", `${what} not found`, 404);
  }
}

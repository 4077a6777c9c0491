import pino, { type Logger } from "pino";

/**
 * Paths pino blanks out wherever they appear. Top-level keys need their own entry: "*.token" does not
 * match a top-level `token` (seen with pino 10). Message text and phone numbers are never logged at all;
 * this list is the net under that rule, not the rule.
 */
const REDACT_PATHS = [
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "access_token",
  "*.access_token",
  "secret",
  "*.secret",
  "encodingAesKey",
  "*.encodingAesKey",
  "content",
  "*.content",
  "mobile",
  "*.mobile",
  "req.headers.authorization",
  "req.headers.cookie",
];

export type { Logger };

/** `destination` 2 writes to standard error, for command-line tools whose standard output is data. */
export function createLogger(options: {
  level: string;
  format: "json" | "pretty";
  destination?: 1 | 2;
}): Logger {
  const redact = { paths: REDACT_PATHS, censor: "[redacted]" };
  if (options.format === "pretty") {
    return pino({
      level: options.level,
      redact,
      transport: {
        target: "pino-pretty",
        options: {
          colorize: true,
          translateTime: "SYS:HH:MM:ss",
          destination: options.destination ?? 1,
        },
      },
    });
  }

  return pino({ level: options.level, redact }, pino.destination(options.destination ?? 1));
}

import type { ValueTransformer } from "typeorm";

/**
 * Instants are stored as epoch milliseconds in a bigint column. That is the one representation that
 * reads back identically on SQLite and PostgreSQL whatever the host's TZ is; `timestamp` without a
 * zone on PostgreSQL would silently shift with the server's local time.
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};

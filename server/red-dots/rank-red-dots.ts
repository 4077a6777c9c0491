import type { RedDot } from "../db/entities/red-dot.entity";

const DAY = 86_400_000;

/**
 * The documented priority of red dots (DESIGN.md: overdue time, deal value, key customer):
 *   1. whole days overdue, most first;
 *   2. then the deal's value, largest first (a red dot with no deal counts as 0);
 *   3. then key customers (重点客户) before others;
 *   4. then the one overdue longest, to the minute, and the oldest red dot.
 * Whole days make the first key coarse on purpose, so that value and key customers decide among
 * things that are about equally late.
 */
export function rankRedDots<
  T extends Pick<RedDot, "id" | "overdueSince" | "valueFen" | "keyCustomer">,
>(dots: T[], now: Date): T[] {
  const days = (d: T) => Math.floor((now.getTime() - d.overdueSince.getTime()) / DAY);

  return [...dots].sort(
    (a, b) =>
      days(b) - days(a) ||
      (b.valueFen ?? 0) - (a.valueFen ?? 0) ||
      Number(b.keyCustomer) - Number(a.keyCustomer) ||
      a.overdueSince.getTime() - b.overdueSince.getTime() ||
      a.id - b.id,
  );
}

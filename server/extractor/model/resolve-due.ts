import { DateTime } from "luxon";

const ZONE = "Asia/Shanghai";
const WEEKDAY_NUMBER: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/** A named day is due by 18:00, as the rules read 明天 or 下周三 (rules/due-expressions.ts). */
const endOfDay = (day: DateTime) => day.set({ hour: 18, minute: 0, second: 0, millisecond: 0 });

/**
 * The moment a due form runs out, seen from when the message was sent, in Asia/Shanghai, on the same
 * conventions as the rules: 18:00 on a named day (weeks start on Monday, so 下周三 is the Wednesday of
 * next week), the end of a week or month, an exact offset for within_Nd / within_Nh. Null for a form
 * it cannot read or a date that does not exist.
 */
export function resolveDueAt(due: string, sentAt: Date): string | null {
  const at = dueTime(due, DateTime.fromJSDate(sentAt, { zone: ZONE }));

  return at?.toISO({ suppressMilliseconds: true }) ?? null;
}

function dueTime(due: string, sent: DateTime): DateTime | null {
  switch (due) {
    case "today":
      return endOfDay(sent);
    case "tomorrow":
      return endOfDay(sent.plus({ days: 1 }));
    case "day_after_tomorrow":
      return endOfDay(sent.plus({ days: 2 }));
    case "this_week":
      return sent.endOf("week");
    case "next_week":
      return sent.plus({ weeks: 1 }).endOf("week");
    case "month_end":
      return sent.endOf("month");
  }

  const weekday = /^next_(\w+)$/.exec(due)?.[1];
  if (weekday && WEEKDAY_NUMBER[weekday]) {
    const nextWeek = sent.plus({ weeks: 1 }).startOf("week");

    return endOfDay(nextWeek.plus({ days: WEEKDAY_NUMBER[weekday] - 1 }));
  }
  const within = /^within_(\d+)([dh])$/.exec(due);
  if (within) {
    const amount = Number(within[1]);

    return within[2] === "d" ? sent.plus({ days: amount }) : sent.plus({ hours: amount });
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) {
    const date = DateTime.fromISO(due, { zone: ZONE });

    return date.isValid ? endOfDay(date) : null;
  }

  return null;
}

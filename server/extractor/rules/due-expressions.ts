import { DateTime, FixedOffsetZone } from "luxon";

/**
 * Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so a fixed offset gives the
 * same times as the IANA zone and spares an Intl lookup per message.
 */
export const ZONE = FixedOffsetZone.instance(8 * 60);

/** A dated phrase found in the text, with its normalised due form and its resolved time. */
export interface DueExpression {
  start: number;
  end: number;
  due: string;
  dueAt: DateTime;
  /** 今天下午: also how a report of the day opens (今天下午去了…), so a due date only before a plan. */
  reportProne?: boolean;
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const NUM = "[0-9]{1,3}|[一二两三四五六七八九十半]{1,3}";
const DAY = "[一二三四五六日天1-7]";
const WEEK = "(?:周|星期|礼拜)";

/** 三 → 3, 十五 → 15, 二十 → 20, 两 → 2, 18 → 18. */
export function chineseNumber(s: string): number {
  if (/^[0-9]+$/.test(s)) {
    return Number(s);
  }
  const digit = (c: string | undefined) =>
    c ? "零一二三四五六七八九".indexOf(c.replace("两", "二")) : -1;
  const ten = s.indexOf("十");
  if (ten < 0) {
    return digit(s);
  }
  const tens = ten === 0 ? 1 : digit(s[ten - 1]);
  const ones = ten === s.length - 1 ? 0 : digit(s[ten + 1]);

  return tens * 10 + ones;
}

const weekdayOf = (c: string) =>
  "一二三四五六".includes(c) ? "一二三四五六".indexOf(c) + 1 : /[1-7]/.test(c) ? Number(c) : 7;

type Resolver = (m: RegExpExecArray, now: DateTime) => { due: string; at: DateTime } | null;

const endOfDay = (d: DateTime) => d.set({ hour: 18, minute: 0, second: 0, millisecond: 0 });

/** A date written out as such: its ISO form is the due form (大后天, 下下周一, 3/18). */
const onDate = (date: DateTime, at = endOfDay(date)) =>
  date.isValid ? { due: date.toISODate() as string, at } : null;

/** Each form in the order tried; the first that matches at a position wins, longer forms first. */
const FORMS: Array<[RegExp, Resolver]> = [
  [
    new RegExp(`(?:(\\d{4})年)?(${NUM})月(${NUM})(?:日|号)(?!内|之内|以内)`, "uy"),
    (m, now) => {
      const year = m[1] ? Number(m[1]) : now.year;
      const date = DateTime.fromObject(
        { year, month: chineseNumber(m[2] as string), day: chineseNumber(m[3] as string) },
        { zone: ZONE },
      );

      return date.isValid ? { due: date.toISODate() as string, at: endOfDay(date) } : null;
    },
  ],
  [
    // 3/18, 3/18号: month and day with a slash; not a fraction (1/3的量) or a percentage.
    /(?<![0-9/.])([0-9]{1,2})\/([0-9]{1,2})(?:日|号)?(?![0-9/%.]|的)/uy,
    (m, now) =>
      onDate(
        DateTime.fromObject(
          { year: now.year, month: Number(m[1]), day: Number(m[2]) },
          { zone: ZONE },
        ),
      ),
  ],
  [
    new RegExp(`(下|这|本)(?:个)?月(${NUM})(?:日|号)(?!内|之内|以内)`, "uy"),
    (m, now) => {
      const month = m[1] === "下" ? now.plus({ months: 1 }) : now;

      return onDate(
        DateTime.fromObject(
          { year: month.year, month: month.month, day: chineseNumber(m[2] as string) },
          { zone: ZONE },
        ),
      );
    },
  ],
  [
    new RegExp(`(${NUM})(?:个)?(?:工作日|天|日)(?:之内|以内|内)`, "uy"),
    (m, now) => {
      const n = chineseNumber(m[1] as string);

      return n > 0 ? { due: `within_${n}d`, at: now.plus({ days: n }) } : null;
    },
  ],
  [
    new RegExp(`(${NUM})(?:个)?(?:小时|钟头)(?:之内|以内|内)`, "uy"),
    (m, now) => {
      const n = chineseNumber(m[1] as string);

      return n > 0 ? { due: `within_${n}h`, at: now.plus({ hours: n }) } : null;
    },
  ],
  [
    new RegExp(`(${NUM})(?:个)?(?:周|星期|礼拜)(?:之内|以内|内)`, "uy"),
    (m, now) => {
      const n = chineseNumber(m[1] as string) * 7;

      return n > 0 ? { due: `within_${n}d`, at: now.plus({ days: n }) } : null;
    },
  ],
  [
    new RegExp(`下下(?:个)?${WEEK}(${DAY})?`, "uy"),
    (m, now) => {
      const weekStart = now.startOf("week").plus({ weeks: 2 });

      return onDate(m[1] ? weekStart.plus({ days: weekdayOf(m[1]) - 1 }) : weekStart.endOf("week"));
    },
  ],
  [
    new RegExp(`下(?:个)?${WEEK}(${DAY})`, "uy"),
    (m, now) => {
      const day = weekdayOf(m[1] as string);

      return {
        due: `next_${WEEKDAYS[day - 1]}`,
        at: endOfDay(now.startOf("week").plus({ weeks: 1, days: day - 1 })),
      };
    },
  ],
  [
    // Not 每周三次 (a frequency) or 周三天 (a count).
    new RegExp(`(这|本|这个)?(?<![上下每])${WEEK}(${DAY})(?![次个天周年])`, "uy"),
    (m, now) => {
      const day = weekdayOf(m[2] as string);
      if (day > now.weekday || m[1]) {
        return { due: "this_week", at: endOfDay(now.startOf("week").plus({ days: day - 1 })) };
      }

      return {
        due: `next_${WEEKDAYS[day - 1]}`,
        at: endOfDay(now.startOf("week").plus({ weeks: 1, days: day - 1 })),
      };
    },
  ],
  [
    new RegExp(`下(?:个)?${WEEK}`, "uy"),
    (_, now) => ({ due: "next_week", at: now.plus({ weeks: 1 }).endOf("week") }),
  ],
  [
    new RegExp(`(?:(?:这|本|这个)${WEEK}|(?<![上下每这本个])周末)`, "uy"),
    (_, now) => ({ due: "this_week", at: now.endOf("week") }),
  ],
  [
    /下(?:个)?月(?:底|末)/uy,
    (_, now) => {
      const at = now.plus({ months: 1 }).endOf("month");

      return { due: at.toISODate() as string, at };
    },
  ],
  [/(?:这个|本)?月(?:底|末)/uy, (_, now) => ({ due: "month_end", at: now.endOf("month") })],
  [/大后天/uy, (_, now) => onDate(now.plus({ days: 3 }))],
  [/后天/uy, (_, now) => ({ due: "day_after_tomorrow", at: endOfDay(now.plus({ days: 2 })) })],
  [
    /明天|明日|明早|明晚|明儿/uy,
    (_, now) => ({ due: "tomorrow", at: endOfDay(now.plus({ days: 1 })) }),
  ],
];

/** Every form starts with one of these; other positions are skipped without trying the forms. */
const FIRST_CHARS = new Set("0123456789一二两三四五六七八九十半下这本周星礼月大后明");

const PART_OF_DAY = new RegExp(
  `^(上午|中午|下午|晚上|傍晚|早上|晚)?(?:(${NUM})(?:点|时)(半)?)?`,
  "u",
);

/**
 * Finds the dated phrases in the normalised text. `todayDue` says which forms of 今天 are deadlines
 * (今天之内, 今晚); a 今天 that opens a report of the day is not. `todayPart` (今天下午) is found too, as
 * report-prone: the caller decides from what follows.
 */
export function findDueExpressions(
  text: string,
  sentAt: Date,
  todayDue: RegExp,
  todayPart?: RegExp,
): DueExpression[] {
  // Resolved only when a dated phrase is found: most messages have none.
  let now: DateTime | undefined;
  const nowOf = () => {
    now ??= DateTime.fromJSDate(sentAt, { zone: ZONE });

    return now;
  };
  const found: DueExpression[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!FIRST_CHARS.has(text[i] as string)) {
      continue;
    }
    for (const [regex, resolve] of FORMS) {
      regex.lastIndex = i;
      const m = regex.exec(text);
      const resolved = m && resolve(m, nowOf());
      if (m && resolved) {
        const end = i + m[0].length;
        found.push({
          start: i,
          end,
          due: resolved.due,
          dueAt: atPartOfDay(resolved.at, text.slice(end, end + 12)),
        });
        i = end - 1;
        break;
      }
    }
  }
  // The part of the day is read from just after 今 or 今天: 今晚8点前, 今天下午三点前.
  const partFrom = (m: RegExpExecArray) => m.index + (m[0].startsWith("今天") ? 2 : 1);
  const deadlines = new Set<number>();
  todayDue.lastIndex = 0;
  for (const m of text.matchAll(todayDue)) {
    const end = m.index + m[0].length;
    deadlines.add(m.index);
    found.push({
      start: m.index,
      end,
      due: "today",
      dueAt: atPartOfDay(endOfDay(nowOf()), text.slice(partFrom(m), end + 12)),
    });
  }
  for (const m of todayPart ? text.matchAll(todayPart) : []) {
    if (deadlines.has(m.index)) {
      continue;
    }
    const end = m.index + m[0].length;
    found.push({
      start: m.index,
      end,
      due: "today",
      dueAt: atPartOfDay(endOfDay(nowOf()), text.slice(partFrom(m), end + 12)),
      reportProne: true,
    });
  }

  return found.sort((a, b) => a.start - b.start);
}

/** 明天上午 is due by noon, 下午三点 at 15:00; a day with no time is due by 18:00. */
function atPartOfDay(at: DateTime, after: string): DateTime {
  const m = PART_OF_DAY.exec(after);
  if (!m || (!m[1] && !m[2]) || at.hour !== 18) {
    return at;
  }
  const part = m[1] ?? "";
  if (m[2]) {
    let hour = chineseNumber(m[2]);
    if (/下午|晚/.test(part) && hour < 12) {
      hour += 12;
    }

    return at.set({ hour: Math.min(hour, 23), minute: m[3] ? 30 : 0 });
  }
  const hourOf: Record<string, number> = {
    上午: 12,
    早上: 10,
    中午: 13,
    下午: 18,
    傍晚: 19,
    晚上: 21,
    晚: 21,
  };

  return at.set({ hour: hourOf[part] ?? 18 });
}

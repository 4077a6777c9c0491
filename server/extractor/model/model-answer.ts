import { z } from "zod";
import { OBJECTION_CATEGORIES, ROLES, TAGS } from "../extraction";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** The due forms the model may give, the same set the labelled data uses (shared/data/README.md). */
export const DUE_FORMS = [
  "today",
  "tomorrow",
  "day_after_tomorrow",
  "this_week",
  "next_week",
  ...WEEKDAYS.map((day) => `next_${day}`),
  "within_<N>d",
  "within_<N>h",
  "month_end",
  "YYYY-MM-DD",
];

export const DUE_FORM = new RegExp(
  `^(today|tomorrow|day_after_tomorrow|this_week|next_week|next_(${WEEKDAYS.join("|")})` +
    "|within_[1-9]\\d{0,2}[dh]|month_end|\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01]))$",
);

const evidence = z
  .string()
  .describe("a short span copied character for character from the message");

const finding = <const L extends readonly [string, ...string[]]>(labels: L) =>
  z.object({ label: z.enum(labels), evidence });

/**
 * What the model must answer. Used twice: as the structured-output schema sent to the provider
 * (json_schema mode), and to validate every answer, whichever mode produced it. Every field is
 * required, as OpenAI's strict mode demands; labels come from extraction.ts so the two cannot drift.
 */
export const ModelAnswer = z.object({
  tags: z.array(finding(TAGS)),
  objections: z.array(finding(OBJECTION_CATEGORIES)),
  roles: z.array(finding(ROLES)),
  commitment: z
    .object({
      due: z.string().regex(DUE_FORM),
      by: z.enum(["customer", "rep"]),
      evidence,
    })
    .nullable(),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

import { z } from "zod";

/**
 * What the phone system posts to /api/call-summaries. The customer is named by any of name, phone or
 * WeCom external userid; the text is a transcript, a summary, or both (the summary is read first).
 */
export const callSummarySchema = z
  .object({
    callId: z.string().trim().min(1).max(100),
    repUserId: z.string().trim().min(1).max(64),
    customer: z
      .object({
        name: z.string().trim().min(1).max(200).optional(),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[0-9][0-9 -]{4,24}$/, "must be a phone number")
          .optional(),
        externalUserId: z.string().trim().min(1).max(64).optional(),
      })
      .strict()
      .refine((c) => c.name || c.phone || c.externalUserId, "needs name, phone or externalUserId"),
    startedAt: z.iso.datetime({ offset: true, error: "must be an ISO date-time with an offset" }),
    durationSec: z.number().int().min(0).max(86_400),
    transcript: z.string().trim().min(1).max(200_000).optional(),
    summary: z.string().trim().min(1).max(50_000).optional(),
  })
  .strict()
  .refine((s) => s.transcript || s.summary, {
    message: "needs transcript or summary",
    path: ["summary"],
  });

export type CallSummary = z.infer<typeof callSummarySchema>;

/** The digits of a phone number, without a +86 country code, for matching however it was written. */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, "");

  return digits.length > 11 && digits.startsWith("86") ? digits.slice(2) : digits;
}

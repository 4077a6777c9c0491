import { z } from "zod";
import {
  attachmentInfo,
  customerResponse,
  opportunityDetailResponse,
  opportunitySummary,
  stageFormResponse,
  todayResponse,
} from "../shared/api-schemas";
import { call } from "./request";

/** Beat's mini-program API, each call typed by the schemas the server validates with. */
export const api = {
  today: () => call("GET", "/today", todayResponse),
  opportunities: () =>
    call("GET", "/opportunities", z.object({ opportunities: z.array(opportunitySummary) })),
  opportunity: (id: number) => call("GET", `/opportunities/${id}`, opportunityDetailResponse),
  stageForm: (id: number) => call("GET", `/opportunities/${id}/form`, stageFormResponse),
  submitFields: (id: number, values: Record<string, unknown>) =>
    call("POST", `/opportunities/${id}/fields`, opportunityDetailResponse, { values }),
  move: (id: number, toStage: string) =>
    call("POST", `/opportunities/${id}/move`, opportunityDetailResponse, { toStage }),
  attachments: (id: number) =>
    call(
      "GET",
      `/opportunities/${id}/attachments`,
      z.object({ attachments: z.array(attachmentInfo) }),
    ),
  customer: (id: number) => call("GET", `/customers/${id}`, customerResponse),
  submitQuote: (
    id: number,
    quote: { amount: number; discountPct?: number; validUntil: string; attachmentId?: number },
  ) =>
    call(
      "POST",
      `/opportunities/${id}/quotes`,
      z.object({ id: z.number(), status: z.string() }),
      quote,
    ),
};

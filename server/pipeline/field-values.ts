import { DateTime } from "luxon";
import type { Contact } from "../db/entities/contact.entity";
import type { FieldDefinition } from "./pipeline-definition";

export type FieldCheck = { ok: true; value: unknown } | { ok: false; problem: string };

const ok = (value: unknown): FieldCheck => ({ ok: true, value });
const no = (problem: string): FieldCheck => ({ ok: false, problem });

/**
 * Checks one submitted value against its field's type and returns it in stored form: trimmed text,
 * numbers, ISO dates, chosen options, or a contact as `{ contactId, name }`. The customer's contacts
 * are passed in, since a contact field may only name one of them (of the field's role, when it has one).
 */
export function checkFieldValue(
  field: FieldDefinition,
  value: unknown,
  contacts: Pick<Contact, "id" | "name" | "role">[],
): FieldCheck {
  switch (field.type) {
    case "text": {
      const text = typeof value === "string" ? value.trim() : "";
      return text && text.length <= 2000 ? ok(text) : no("must be text of 1 to 2000 characters");
    }
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? ok(value)
        : no("must be a number");
    case "money":
      return typeof value === "number" && Number.isFinite(value) && value >= 0 && value < 1e12
        ? ok(Math.round(value * 100) / 100)
        : no("must be an amount in yuan, 0 or more");
    case "date": {
      const date =
        typeof value === "string" ? DateTime.fromISO(value, { zone: "Asia/Shanghai" }) : null;
      return date?.isValid && /^\d{4}-\d{2}-\d{2}$/.test(String(value))
        ? ok(String(value))
        : no("must be a date written YYYY-MM-DD");
    }
    case "single_choice":
      return typeof value === "string" && field.options?.includes(value)
        ? ok(value)
        : no(`must be one of ${field.options?.join(", ")}`);
    case "multiple_choice": {
      const chosen = Array.isArray(value) ? [...new Set(value)] : [];
      return chosen.length > 0 &&
        chosen.every((v) => typeof v === "string" && field.options?.includes(v))
        ? ok(chosen)
        : no(`must be a list of one or more of ${field.options?.join(", ")}`);
    }
    case "contact": {
      const contact = contacts.find((c) => c.id === value);
      if (!contact) {
        return no("must be the id of one of the customer's contacts");
      }
      if (field.role && contact.role !== field.role) {
        return no(`must be a contact whose role is ${field.role}`);
      }
      return ok({ contactId: contact.id, name: contact.name });
    }
  }
}

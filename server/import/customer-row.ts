import { z } from "zod";
import { hasEnoughLetters } from "../customers/customer-name-rule";
import { CONTACT_ROLES, type ContactRole } from "../db/entities/contact.entity";

const CONTACT_ROLE_WORDS: Record<string, ContactRole> = {
  procurement: "procurement",
  采购: "procurement",
  technical: "technical",
  技术: "technical",
  工程师: "technical",
  finance: "finance",
  财务: "finance",
  executive: "executive",
  高管: "executive",
  老板: "executive",
  user: "user",
  使用部门: "user",
};

const YES = new Set(["1", "true", "yes", "y", "是", "重点", "✓"]);
const NO = new Set(["", "0", "false", "no", "n", "否"]);

export interface ContactCell {
  name: string;
  role: ContactRole;
  phone: string | null;
}

const PHONE = /^\+?[0-9][0-9 -]{4,24}$/;

/**
 * `王经理:procurement; 李工:technical:13800001234` — a role, and optionally a phone number that lets
 * Beat place the phone system's calls; full-width ；：， are accepted, as Chinese keyboards type them.
 */
function parseContacts(cell: string, ctx: z.RefinementCtx): ContactCell[] {
  const contacts: ContactCell[] = [];
  for (const part of cell.split(/[;；,，]/)) {
    const entry = part.trim();
    if (!entry) {
      continue;
    }
    const [name, word, phone] = entry.split(/[:：]/).map((s) => s.trim());
    const role = word ? CONTACT_ROLE_WORDS[word.toLowerCase()] : undefined;
    if (name && name.length > 100) {
      ctx.addIssue({
        code: "custom",
        message: `contact name "${name.slice(0, 20)}…" is longer than 100 characters`,
      });
      return z.NEVER;
    }
    if (name && contacts.some((c) => c.name === name)) {
      ctx.addIssue({ code: "custom", message: `contact ${name} is listed twice` });
      return z.NEVER;
    }
    if (!name || !role) {
      ctx.addIssue({
        code: "custom",
        message: `contact "${entry}" must read name:role, role one of ${CONTACT_ROLES.join(", ")} (或 采购/技术/财务/高管/使用部门)`,
      });
      return z.NEVER;
    }
    if (phone && !PHONE.test(phone)) {
      ctx.addIssue({
        code: "custom",
        message: `contact ${name}'s phone "${phone}" is not a phone number`,
      });
      return z.NEVER;
    }
    contacts.push({ name, role, phone: phone || null });
  }

  return contacts;
}

const coordinate = (label: string, limit: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        return null;
      }
      const n = Number(v);
      if (!Number.isFinite(n) || Math.abs(n) > limit) {
        ctx.addIssue({
          code: "custom",
          message: `${label} "${v}" is not a number between -${limit} and ${limit}`,
        });
        return z.NEVER;
      }
      return n;
    });

export const customerRow = z
  .object({
    name: z
      .string()
      .min(1, "customer name is empty")
      .max(200, "customer name is longer than 200 characters")
      .refine(hasEnoughLetters, "customer name needs at least two letters or digits"),
    owner_userid: z.string().min(1, "owner_userid (负责销售) is empty"),
    key: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const word = (v ?? "").toLowerCase();
        if (YES.has(word)) return true;
        if (NO.has(word)) return false;
        ctx.addIssue({
          code: "custom",
          message: `key (重点客户) "${v}" must be 是/否 or true/false`,
        });
        return z.NEVER;
      }),
    industry: z
      .string()
      .max(100)
      .optional()
      .transform((v) => v || null),
    address: z
      .string()
      .max(300)
      .optional()
      .transform((v) => v || null),
    latitude: coordinate("latitude", 90),
    longitude: coordinate("longitude", 180),
    contacts: z
      .string()
      .optional()
      .transform((v, ctx) => parseContacts(v ?? "", ctx)),
    /** Other names reps use for the customer (简称): `华东食品; 老华东`. */
    aliases: z
      .string()
      .optional()
      .transform((v) =>
        [
          ...new Set(
            (v ?? "")
              .split(/[;；,，、]/)
              .map((a) => a.trim())
              .filter((a) => a.length >= 2),
          ),
        ].slice(0, 20),
      ),
  })
  .refine((row) => (row.latitude === null) === (row.longitude === null), {
    message: "latitude and longitude must be given together",
  });

export type CustomerRow = z.output<typeof customerRow>;

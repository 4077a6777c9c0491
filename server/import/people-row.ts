import { z } from "zod";
import { PERSON_ROLES, type PersonRole } from "../db/entities/person.entity";

/** Role words an admin's sheet may use. */
const ROLE_WORDS: Record<string, PersonRole> = {
  rep: "rep",
  销售: "rep",
  manager: "manager",
  主管: "manager",
  经理: "manager",
  销售经理: "manager",
  finance: "finance",
  财务: "finance",
  admin: "admin",
  管理员: "admin",
};

export const peopleRow = z.object({
  // WeCom userids are letters, digits and _ - . @, at most 64 bytes.
  userid: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{1,64}$/, "userid must be 1–64 letters, digits or _-.@"),
  name: z.string().min(1, "name is empty").max(100, "name is longer than 100 characters"),
  role: z
    .string()
    .transform((word) => ROLE_WORDS[word.toLowerCase()])
    .refine(
      (role) => role !== undefined,
      `role must be one of ${PERSON_ROLES.join(", ")} (或 销售/主管/财务/管理员)`,
    ),
  manager_userid: z
    .string()
    .optional()
    .transform((v) => (v ? v : null)),
});

export type PeopleRow = {
  userid: string;
  name: string;
  role: PersonRole;
  manager_userid: string | null;
};

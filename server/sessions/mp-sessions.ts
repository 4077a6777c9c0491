import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/database";
import { MpSession } from "../db/entities/mp-session.entity";
import { Person } from "../db/entities/person.entity";
import { BeatError } from "../errors";

/** How long a mini-program login lasts before the rep logs in again (wx.qy.login runs silently). */
export const SESSION_HOURS = 72;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export class UnauthorizedError extends BeatError {
  constructor(message = "log in again: the session is missing, unknown or expired") {
    super("unauthorized", message, 401);
  }
}

/**
 * Turns a verified WeCom identity into a Beat session: a random token for the mini-program to keep,
 * of which Beat stores only the hash. The member must be on the imported team and of this corp.
 */
export async function startSession(
  db: Database,
  identity: { corpId: string; userid: string },
  expected: { corpId: string; now: Date },
): Promise<{ token: string; expiresAt: Date; person: Person }> {
  // A member of another corp can open the mini-program too; their userid means nothing here.
  if (identity.corpId !== expected.corpId || !identity.userid) {
    throw new UnauthorizedError("this WeCom account is not of this company");
  }
  const person = await db.dataSource.getRepository(Person).findOneBy({ userid: identity.userid });
  if (!person) {
    throw new BeatError(
      "not_on_team",
      "you are not on Beat's team list; ask the admin to add you",
      403,
    );
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(expected.now.getTime() + SESSION_HOURS * 3_600_000);
  await db.dataSource.getRepository(MpSession).insert({
    tokenHash: hashOf(token),
    userid: person.userid,
    createdAt: expected.now,
    expiresAt,
  });

  return { token, expiresAt, person };
}

/** The person a bearer token belongs to; 401 for a token that is missing, forged or expired. */
export async function personOfToken(
  db: Database,
  token: string | undefined,
  now: Date,
): Promise<Person> {
  if (!token || token.length > 200) {
    throw new UnauthorizedError();
  }
  const session = await db.dataSource
    .getRepository(MpSession)
    .findOneBy({ tokenHash: hashOf(token) });
  if (!session || session.expiresAt <= now) {
    throw new UnauthorizedError();
  }
  const person = await db.dataSource.getRepository(Person).findOneBy({ userid: session.userid });
  if (!person) {
    throw new UnauthorizedError("you are no longer on the team");
  }

  return person;
}

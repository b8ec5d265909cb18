// A partner's users. Every query names the partner, so another partner's user id reads as missing.
import { and, eq, sql } from "drizzle-orm";
import { isUniqueViolation, runQuery, type Database } from "../client";
import { accounts, users } from "../schema";

export type UserRow = typeof users.$inferSelect;
export type UserStatus = UserRow["status"];
export type NewUserRow = typeof users.$inferInsert;
/** A user's status and the version that orders its changes. */
export type VersionedStatus = { status: UserStatus; version: number };

/** Inserts the user, or answers "duplicate" when the partner already has one with that email. */
export async function insertUser(db: Database, user: NewUserRow): Promise<"created" | "duplicate"> {
  try {
    await runQuery(() => db.insert(users).values(user));
    return "created";
  } catch (error) {
    // The unique index on (partner_id, email) is the arbiter, so two racing registrations cannot both win.
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

export async function findUser(db: Database, partnerId: string, userId: string): Promise<UserRow | undefined> {
  const rows = await runQuery(() =>
    db.select().from(users).where(and(eq(users.partnerId, partnerId), eq(users.id, userId))).limit(1),
  );
  return rows[0];
}

export async function updateUserStatus(
  db: Database,
  partnerId: string,
  userId: string,
  status: UserStatus,
  updatedAt: string,
): Promise<UserRow | undefined> {
  const rows = await runQuery(() =>
    db
      .update(users)
      .set({ status, updatedAt, statusVersion: sql`${users.statusVersion} + 1` })
      .where(and(eq(users.partnerId, partnerId), eq(users.id, userId)))
      .returning(),
  );
  return rows[0];
}

/**
 * The status and version of the user who owns the account, read through the account's registry row in one
 * query: undefined until that row is in D1, so an answer proves any later status change will find the account.
 */
export async function findOwnerStatus(db: Database, partnerId: string, accountId: number): Promise<VersionedStatus | undefined> {
  const rows = await runQuery(() =>
    db
      .select({ status: users.status, version: users.statusVersion })
      .from(accounts)
      .innerJoin(users, and(eq(users.id, accounts.userId), eq(users.partnerId, accounts.partnerId)))
      .where(and(eq(accounts.partnerId, partnerId), eq(accounts.id, accountId)))
      .limit(1),
  );
  return rows[0];
}

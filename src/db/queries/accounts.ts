// The account registry in D1: which accounts a partner, or one of its users, holds.
import { and, asc, count, eq } from "drizzle-orm";
import { runQuery, type Database } from "../client";
import { accounts } from "../schema";

export type AccountRegistryRow = typeof accounts.$inferSelect;

export async function findAccount(db: Database, partnerId: string, accountId: number): Promise<AccountRegistryRow | undefined> {
  const rows = await runQuery(() => db.select().from(accounts).where(and(eq(accounts.partnerId, partnerId), eq(accounts.id, accountId))).limit(1));
  return rows[0];
}

export async function listUserAccounts(
  db: Database,
  partnerId: string,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: AccountRegistryRow[]; total: number }> {
  const owned = and(eq(accounts.partnerId, partnerId), eq(accounts.userId, userId));
  // The page and its total are read in one batch so they describe the same moment.
  const [rows, totals] = await runQuery(() =>
    db.batch([
      db.select().from(accounts).where(owned).orderBy(asc(accounts.id)).limit(page.limit).offset(page.offset),
      db.select({ total: count() }).from(accounts).where(owned),
    ]),
  );
  return { rows, total: totals[0]?.total ?? 0 };
}

/** Every account id the registry holds for the user: where a status change must reach. */
export async function listUserAccountIds(db: Database, partnerId: string, userId: string): Promise<number[]> {
  const rows = await runQuery(() =>
    db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.partnerId, partnerId), eq(accounts.userId, userId))).orderBy(asc(accounts.id)),
  );
  return rows.map((row) => row.id);
}

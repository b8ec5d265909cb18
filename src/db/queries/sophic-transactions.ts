// The cash transactions the Sophic dialect lists: money that reached an account's settled cash.
import { and, desc, eq, inArray } from "drizzle-orm";
import { cash_transaction_kinds } from "../../ledger/transaction-kinds";
import { runQuery, type Database } from "../client";
import { transactions } from "../schema";

export type SophicTransactionRow = typeof transactions.$inferSelect;

/** The account's cash transactions, newest first, scoped to the partner so a foreign account yields nothing. */
export async function listCashTransactions(
  db: Database,
  scope: { partnerId: string; accountId: number },
  limit: number,
): Promise<SophicTransactionRow[]> {
  return runQuery(() =>
    db
      .select()
      .from(transactions)
      .where(and(eq(transactions.partnerId, scope.partnerId), eq(transactions.accountId, scope.accountId), inArray(transactions.kind, [...cash_transaction_kinds])))
      .orderBy(desc(transactions.id))
      .limit(limit),
  );
}

// Qash transaction history as projected into D1, newest first, always scoped to the partner. It holds
// only cash: what moved the settled balance a Qash `balance` shows (see ledger/transaction-kinds.ts).
import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { cash_transaction_kinds } from "../../ledger/transaction-kinds";
import { runQuery, type Database } from "../client";
import { transactions } from "../schema";

export type TransactionRow = typeof transactions.$inferSelect;

export type HistoryScope = { partnerId: string; userId?: string; accountId?: number };

function whereOf(scope: HistoryScope): SQL | undefined {
  return and(
    eq(transactions.partnerId, scope.partnerId),
    inArray(transactions.kind, [...cash_transaction_kinds]),
    scope.userId === undefined ? undefined : eq(transactions.userId, scope.userId),
    scope.accountId === undefined ? undefined : eq(transactions.accountId, scope.accountId),
  );
}

export async function listTransactions(
  db: Database,
  scope: HistoryScope,
  page: { limit: number; offset: number },
): Promise<{ rows: TransactionRow[]; total: number }> {
  const where = whereOf(scope);
  const [rows, totals] = await runQuery(() =>
    db.batch([
      db.select().from(transactions).where(where).orderBy(desc(transactions.id)).limit(page.limit).offset(page.offset),
      db.select({ total: count() }).from(transactions).where(where),
    ]),
  );
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function findTransaction(db: Database, scope: HistoryScope, transactionId: number): Promise<TransactionRow | undefined> {
  const rows = await runQuery(() => db.select().from(transactions).where(and(whereOf(scope), eq(transactions.id, transactionId))).limit(1));
  return rows[0];
}

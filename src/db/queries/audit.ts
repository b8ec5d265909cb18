// What D1's history says, summarized the way the operator audit compares it with the account objects.
import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { runQuery, type Database } from "../client";
import { accounts, deposits, inboundPayments, journalEntries, transactions } from "../schema";

export type AuditScope = { partnerId?: string; afterAccountId: number; limit: number };

export async function accountsToAudit(db: Database, scope: AuditScope): Promise<{ id: number; partnerId: string }[]> {
  const where: SQL | undefined = and(gt(accounts.id, scope.afterAccountId), scope.partnerId === undefined ? undefined : eq(accounts.partnerId, scope.partnerId));
  return runQuery(() => db.select({ id: accounts.id, partnerId: accounts.partnerId }).from(accounts).where(where).orderBy(asc(accounts.id)).limit(scope.limit));
}

/** Net credit per (ledger account, currency) of one account's legs, as D1 recorded them. */
export async function historyBuckets(db: Database, accountId: number): Promise<{ ledgerAccount: string; currency: string; netMinor: number; entries: number }[]> {
  return runQuery(() =>
    db
      .select({
        ledgerAccount: journalEntries.ledgerAccount,
        currency: journalEntries.currency,
        netMinor: sql<number>`SUM(CASE ${journalEntries.direction} WHEN 'credit' THEN ${journalEntries.amountMinor} ELSE -${journalEntries.amountMinor} END)`,
        entries: sql<number>`COUNT(*)`,
      })
      .from(journalEntries)
      .where(eq(journalEntries.accountId, accountId))
      .groupBy(journalEntries.ledgerAccount, journalEntries.currency),
  );
}

export async function historyTransactions(db: Database, accountId: number): Promise<{ kind: string; count: number; sumMinor: number }[]> {
  return runQuery(() =>
    db
      .select({ kind: transactions.kind, count: sql<number>`COUNT(*)`, sumMinor: sql<number>`SUM(${transactions.amountMinor})` })
      .from(transactions)
      .where(eq(transactions.accountId, accountId))
      .groupBy(transactions.kind)
      .orderBy(asc(transactions.kind)),
  );
}

/** Debits minus credits per currency over the whole journal (or one partner's): zero when the books balance. */
export async function booksImbalance(db: Database, partnerId?: string): Promise<{ currency: string; netMinor: number }[]> {
  return runQuery(() =>
    db
      .select({
        currency: journalEntries.currency,
        netMinor: sql<number>`SUM(CASE ${journalEntries.direction} WHEN 'debit' THEN ${journalEntries.amountMinor} ELSE -${journalEntries.amountMinor} END)`,
      })
      .from(journalEntries)
      .where(partnerId === undefined ? undefined : eq(journalEntries.partnerId, partnerId))
      .groupBy(journalEntries.currency),
  );
}

/** The account's deposits as D1 last heard of them. */
export async function historyDeposits(db: Database, accountId: number): Promise<{ id: number; status: string; version: number }[]> {
  return runQuery(() => db.select({ id: deposits.id, status: deposits.status, version: deposits.version }).from(deposits).where(eq(deposits.accountId, accountId)));
}

/** Some of the partner's inbound payments as D1 recorded them. */
export async function historyPayments(db: Database, partnerId: string, paymentIds: number[]): Promise<{ id: number; status: string; amountMinor: number; depositIds: string }[]> {
  return runQuery(() =>
    db
      .select({ id: inboundPayments.id, status: inboundPayments.status, amountMinor: inboundPayments.amountMinor, depositIds: inboundPayments.depositIds })
      .from(inboundPayments)
      .where(and(eq(inboundPayments.partnerId, partnerId), inArray(inboundPayments.id, paymentIds))),
  );
}

// The writes every money-moving command shares, run inside that command's transaction.
import type { ProjectionRecord } from "../db/projection";
import { applyLegs } from "../ledger/balances";
import type { Leg } from "../ledger/journal";
import type { Refusal } from "../ledger/refusals";
import { insertEntries, insertTransaction, readTotals, writeChanges, type AccountRecord } from "./books";
import type { TransactionView } from "./commands";

/** What a command may touch: the object's SQLite, its id pool, its outbox. */
export type LedgerWriter = {
  sql: SqlStorage;
  takeId: () => number;
  enqueue: (record: ProjectionRecord) => void;
};

/** Checks the legs against the limits and applies them to the buckets; a refusal leaves everything untouched. */
export function moveBalances(writer: LedgerWriter, account: AccountRecord, legs: readonly Leg[]): Refusal | null {
  const applied = applyLegs(account.id, legs, (currency, bucket) => readTotals(writer.sql, currency, bucket));
  if (!applied.ok) return { kind: applied.reason };
  writeChanges(writer.sql, applied.changes);
  return null;
}

/** Journals the transaction and its legs here, and says what D1 must hear of them. */
export function journal(writer: LedgerWriter, account: AccountRecord, transaction: TransactionView, legs: readonly Leg[]): ProjectionRecord {
  insertTransaction(writer.sql, transaction, account.userId);
  insertEntries(writer.sql, transaction.id, legs, transaction.createdAt);
  return {
    transactions: [
      {
        id: transaction.id,
        partnerId: account.partnerId,
        accountId: account.id,
        userId: account.userId,
        kind: transaction.kind,
        status: transaction.status,
        amountMinor: transaction.amountMinor,
        currency: transaction.currency,
        description: transaction.description,
        provider: transaction.provider,
        metadata: transaction.metadata,
        createdAt: transaction.createdAt,
        depositId: transaction.depositId,
      },
    ],
    entries: legs.map((entry, index) => ({
      transactionId: transaction.id,
      leg: index,
      partnerId: account.partnerId,
      accountId: account.id,
      ledgerAccount: entry.ledgerAccount,
      currency: entry.currency,
      direction: entry.direction,
      amountMinor: entry.amountMinor,
      createdAt: transaction.createdAt,
    })),
  };
}

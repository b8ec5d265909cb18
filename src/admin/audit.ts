// The operator audit: recomputes each account's balances from its own journal and from D1's history,
// and checks that the books balance. What disagrees is reported, never repaired.
import type { AuditDigest } from "../account/commands";
import { accountObject } from "../account/stub";
import type { Database } from "../db/client";
import { accountsToAudit, booksImbalance, historyBuckets, historyTransactions, type AuditScope } from "../db/queries/audit";
import { bucketOf } from "../ledger/journal";

export type Mismatch = {
  account_id: number | null;
  kind: "object_journal" | "history_balance" | "history_transactions" | "books_unbalanced";
  currency?: string;
  bucket?: string;
  transaction_kind?: string;
  expected: number | string;
  actual: number | string;
};

export type AuditReport = {
  accounts_checked: number;
  entries_checked: number;
  mismatches: Mismatch[];
  projection_backlog: number;
  /** Pass as `after` to audit the next page of accounts; null when this page was the last. */
  next_after: number | null;
};

/** The object is the truth; D1 is checked against it only once the object's outbox is empty. */
async function auditAccount(db: Database, accountId: number, digest: AuditDigest): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = digest.journal.mismatches.map((m) => ({
    account_id: accountId,
    kind: "object_journal",
    currency: m.currency,
    bucket: m.bucket,
    expected: m.journalMinor,
    actual: m.storedMinor,
  }));
  if (digest.backlog > 0) return mismatches;

  const history = new Map<string, number>();
  for (const row of await historyBuckets(db, accountId)) {
    const bucket = bucketOf(row.ledgerAccount, accountId);
    if (bucket !== null) history.set(`${row.currency}:${bucket}`, row.netMinor);
  }
  const stored = new Map(digest.balances.map((b) => [`${b.currency}:${b.bucket}`, b.creditsMinor - b.debitsMinor]));
  for (const key of new Set([...history.keys(), ...stored.keys()])) {
    const [currency = "", bucket = ""] = key.split(":");
    const expected = stored.get(key) ?? 0;
    const actual = history.get(key) ?? 0;
    if (expected !== actual) mismatches.push({ account_id: accountId, kind: "history_balance", currency, bucket, expected, actual });
  }

  const d1Transactions = new Map((await historyTransactions(db, accountId)).map((t) => [t.kind, t]));
  for (const kind of new Set([...digest.transactions.map((t) => t.kind), ...d1Transactions.keys()])) {
    const mine = digest.transactions.find((t) => t.kind === kind) ?? { count: 0, sumMinor: 0 };
    const theirs = d1Transactions.get(kind) ?? { count: 0, sumMinor: 0 };
    if (mine.count !== theirs.count || mine.sumMinor !== theirs.sumMinor) {
      mismatches.push({ account_id: accountId, kind: "history_transactions", transaction_kind: kind, expected: `${mine.count} for ${mine.sumMinor}`, actual: `${theirs.count} for ${theirs.sumMinor}` });
    }
  }
  return mismatches;
}

export async function audit(env: Env, db: Database, scope: AuditScope): Promise<AuditReport> {
  const accounts = await accountsToAudit(db, scope);
  const digests = await Promise.all(accounts.map((account) => accountObject(env, account.id).auditDigest()));
  const mismatches: Mismatch[] = [];
  let entries = 0;
  let backlog = 0;
  for (const [index, account] of accounts.entries()) {
    const digest = digests[index];
    if (digest === undefined) continue;
    entries += digest.journal.entries;
    backlog += digest.backlog;
    mismatches.push(...(await auditAccount(db, account.id, digest)));
  }
  for (const { currency, netMinor } of await booksImbalance(db, scope.partnerId)) {
    if (netMinor !== 0) mismatches.push({ account_id: null, kind: "books_unbalanced", currency, expected: 0, actual: netMinor });
  }
  const last = accounts.at(-1);
  return {
    accounts_checked: accounts.length,
    entries_checked: entries,
    mismatches,
    projection_backlog: backlog,
    next_after: accounts.length === scope.limit && last !== undefined ? last.id : null,
  };
}

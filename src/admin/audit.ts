// The operator audit: recomputes each account's balances from its own journal and from D1's history, holds
// each payment reference's decisions against its accounts, and checks that the books balance. What
// disagrees is reported, never repaired.
import type { AuditDigest } from "../account/commands";
import { accountObject } from "../account/stub";
import type { Database } from "../db/client";
import { accountsToAudit, booksImbalance, historyBuckets, historyDeposits, historyTransactions, type AuditScope } from "../db/queries/audit";
import { auditReferences } from "./reference-audit";
import { bucketOf } from "../ledger/journal";

/** Every way the books can disagree that the audit looks for (see the route's description for each). */
export const mismatch_kinds = [
  "object_journal",
  "history_balance",
  "history_transactions",
  "history_deposit",
  "history_payment",
  "books_unbalanced",
  "deposit_matched_not_completed",
  "deposit_completed_unmatched",
  "deposit_canceled_but_matched",
  "deposit_canceled_still_matchable",
  "deposit_cancel_not_applied",
  "deposit_not_registered",
  "payment_amount_mismatch",
  "deposit_funded_twice",
] as const;

export type Mismatch = {
  account_id: number | null;
  kind: (typeof mismatch_kinds)[number];
  currency?: string;
  bucket?: string;
  transaction_kind?: string;
  deposit_id?: number;
  payment_id?: number;
  payment_reference?: string;
  expected: number | string;
  actual: number | string;
};

export type AuditReport = {
  accounts_checked: number;
  entries_checked: number;
  references_checked: number;
  mismatches: Mismatch[];
  projection_backlog: number;
  /** Decisions younger than the overdue bound that their accounts have not applied yet: in flight, not wrong. */
  decisions_in_flight: number;
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

  const d1Deposits = new Map((await historyDeposits(db, accountId)).map((row) => [row.id, row.status]));
  for (const deposit of digest.deposits) {
    const actual = d1Deposits.get(deposit.id) ?? "missing";
    if (actual !== deposit.status) mismatches.push({ account_id: accountId, kind: "history_deposit", deposit_id: deposit.id, expected: deposit.status, actual });
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

export async function audit(env: Env, db: Database, scope: AuditScope, overdueBeforeMs: number): Promise<AuditReport> {
  const accounts = await accountsToAudit(db, scope);
  const digests = await Promise.all(accounts.map((account) => accountObject(env, account.id).auditDigest()));
  const mismatches: Mismatch[] = [];
  const audited: { id: number; partnerId: string; digest: AuditDigest }[] = [];
  let entries = 0;
  let backlog = 0;
  for (const [index, account] of accounts.entries()) {
    const digest = digests[index];
    if (digest === undefined) continue;
    entries += digest.journal.entries;
    backlog += digest.backlog;
    mismatches.push(...(await auditAccount(db, account.id, digest)));
    audited.push({ ...account, digest });
  }
  const references = await auditReferences(env, db, audited, overdueBeforeMs);
  mismatches.push(...references.mismatches);
  for (const { currency, netMinor } of await booksImbalance(db, scope.partnerId)) {
    if (netMinor !== 0) mismatches.push({ account_id: null, kind: "books_unbalanced", currency, expected: 0, actual: netMinor });
  }
  const last = accounts.at(-1);
  return {
    accounts_checked: accounts.length,
    entries_checked: entries,
    references_checked: references.referencesChecked,
    mismatches,
    projection_backlog: backlog + references.backlog,
    decisions_in_flight: references.inFlight,
    next_after: accounts.length === scope.limit && last !== undefined ? last.id : null,
  };
}

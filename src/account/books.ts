// Synchronous reads and writes of one account's books in its object's SQLite. Called only from
// inside the object, within the transaction of the command that needs them.
import type { ProjectionRecord } from "../db/projection";
import type { BucketChange, BucketTotals } from "../ledger/balances";
import { zeroTotals } from "../ledger/balances";
import type { Currency } from "../ledger/currencies";
import { bucketOf, invariant, type Bucket, type Leg } from "../ledger/journal";
import type { AccountView, BucketBalance, JournalCheck, OpenAccountCommand, TransactionView } from "./commands";

type AccountRow = {
  id: number;
  partner_id: string;
  user_id: string | null;
  name: string;
  reference: string | null;
  type: string;
  number: string;
  base_currency: string;
  funding_currencies: string;
  status: string;
  created_at: string;
};

export type AccountRecord = Omit<AccountView, "balances" | "ownerStatus">;

/** The ledger account number shown to Qash clients: the id, zero-padded to ten digits. */
export const accountNumberOf = (accountId: number): string => String(accountId).padStart(10, "0");

export function readAccount(sql: SqlStorage): AccountRecord | null {
  const row = sql.exec<AccountRow>("SELECT * FROM account").toArray()[0];
  if (row === undefined) return null;
  return {
    id: row.id,
    partnerId: row.partner_id,
    userId: row.user_id,
    name: row.name,
    reference: row.reference,
    type: row.type,
    number: row.number,
    baseCurrency: row.base_currency as Currency,
    fundingCurrencies: JSON.parse(row.funding_currencies) as Currency[],
    status: row.status,
    createdAt: row.created_at,
  };
}

export function insertAccount(sql: SqlStorage, command: OpenAccountCommand, createdAt: string): AccountRecord {
  const record: AccountRecord = {
    id: command.accountId,
    partnerId: command.partnerId,
    userId: command.userId,
    name: command.name,
    reference: command.reference,
    type: command.type,
    number: accountNumberOf(command.accountId),
    baseCurrency: command.baseCurrency,
    fundingCurrencies: command.fundingCurrencies,
    status: "active",
    createdAt,
  };
  sql.exec(
    "INSERT INTO account (singleton, id, partner_id, user_id, name, reference, type, number, base_currency, funding_currencies, status, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    record.id,
    record.partnerId,
    record.userId,
    record.name,
    record.reference,
    record.type,
    record.number,
    record.baseCurrency,
    JSON.stringify(record.fundingCurrencies),
    record.status,
    record.createdAt,
  );
  return record;
}

export function readTotals(sql: SqlStorage, currency: Currency, bucket: Bucket): BucketTotals {
  const row = sql
    .exec<{ credits_minor: number; debits_minor: number }>("SELECT credits_minor, debits_minor FROM balances WHERE currency = ? AND bucket = ?", currency, bucket)
    .toArray()[0];
  return row === undefined ? zeroTotals() : { creditsMinor: row.credits_minor, debitsMinor: row.debits_minor };
}

export function writeChanges(sql: SqlStorage, changes: readonly BucketChange[]): void {
  for (const change of changes) {
    sql.exec(
      "INSERT INTO balances (currency, bucket, credits_minor, debits_minor) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (currency, bucket) DO UPDATE SET credits_minor = excluded.credits_minor, debits_minor = excluded.debits_minor",
      change.currency,
      change.bucket,
      change.after.creditsMinor,
      change.after.debitsMinor,
    );
  }
}

export function balancesOf(sql: SqlStorage): BucketBalance[] {
  return sql
    .exec<{ currency: Currency; bucket: Bucket; credits_minor: number; debits_minor: number }>(
      "SELECT currency, bucket, credits_minor, debits_minor FROM balances ORDER BY currency, bucket",
    )
    .toArray()
    .map((row) => ({ currency: row.currency, bucket: row.bucket, creditsMinor: row.credits_minor, debitsMinor: row.debits_minor }));
}

export function insertTransaction(sql: SqlStorage, transaction: TransactionView, userId: string | null): void {
  sql.exec(
    "INSERT INTO transactions (id, kind, status, amount_minor, currency, description, provider, metadata, user_id, created_at, deposit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    transaction.id,
    transaction.kind,
    transaction.status,
    transaction.amountMinor,
    transaction.currency,
    transaction.description,
    transaction.provider,
    transaction.metadata,
    userId,
    transaction.createdAt,
    transaction.depositId,
  );
}

/** The INSERT for a transaction of `legs` legs, one statement for all of them. */
const insertEntriesSql = new Map<number, string>();

function insertEntriesStatement(legs: number): string {
  let statement = insertEntriesSql.get(legs);
  if (statement === undefined) {
    const rows = Array.from({ length: legs }, () => "(?, ?, ?, ?, ?, ?, ?)").join(", ");
    statement = `INSERT INTO journal_entries (transaction_id, leg, ledger_account, currency, direction, amount_minor, created_at) VALUES ${rows}`;
    insertEntriesSql.set(legs, statement);
  }
  return statement;
}

/** A Durable Object's SQL statement binds at most 100 values; one leg binds 7. */
const legs_per_statement_max = 14;

export function insertEntries(sql: SqlStorage, transactionId: number, legs: readonly Leg[], createdAt: string): void {
  if (legs.length === 0) return;
  invariant(legs.length <= legs_per_statement_max, `a transaction of ${legs.length} legs is more than one statement can journal`);
  const values = legs.flatMap((entry, index) => [transactionId, index, entry.ledgerAccount, entry.currency, entry.direction, entry.amountMinor, createdAt]);
  sql.exec(insertEntriesStatement(legs.length), ...values);
}

/** Recomputes every bucket from the journal and compares it with the stored totals. */
export function checkJournal(sql: SqlStorage, accountId: number | null): JournalCheck {
  const entries = sql.exec<{ entries: number }>("SELECT COUNT(*) AS entries FROM journal_entries").one().entries;
  if (accountId === null) return { accountId, entries, mismatches: [] };
  const fromJournal = new Map<string, number>();
  const sums = sql.exec<{ ledger_account: string; currency: string; net: number }>(
    "SELECT ledger_account, currency, SUM(CASE direction WHEN 'credit' THEN amount_minor ELSE -amount_minor END) AS net FROM journal_entries GROUP BY ledger_account, currency",
  );
  for (const row of sums) {
    const bucket = bucketOf(row.ledger_account, accountId);
    if (bucket !== null) fromJournal.set(`${row.currency}:${bucket}`, row.net);
  }
  const mismatches: JournalCheck["mismatches"] = [];
  const stored = new Map(balancesOf(sql).map((balance) => [`${balance.currency}:${balance.bucket}`, balance.creditsMinor - balance.debitsMinor]));
  for (const key of new Set([...fromJournal.keys(), ...stored.keys()])) {
    const storedMinor = stored.get(key) ?? 0;
    const journalMinor = fromJournal.get(key) ?? 0;
    if (storedMinor !== journalMinor) {
      const [currency = "", bucket = ""] = key.split(":");
      mismatches.push({ currency, bucket, storedMinor, journalMinor });
    }
  }
  return { accountId, entries, mismatches };
}


/** The account's row in D1's registry, as its outbox carries it there. */
export function registryRow(record: AccountRecord): NonNullable<ProjectionRecord["accounts"]>[number] {
  return {
    id: record.id,
    partnerId: record.partnerId,
    userId: record.userId,
    name: record.name,
    reference: record.reference,
    type: record.type,
    number: record.number,
    baseCurrency: record.baseCurrency,
    fundingCurrencies: JSON.stringify(record.fundingCurrencies),
    status: record.status,
    createdAt: record.createdAt,
  };
}

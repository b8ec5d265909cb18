// Synchronous reads and writes of an account's Sophic deposits in its object's SQLite.
import type { DepositRow } from "../db/projection";
import type { Currency } from "../ledger/currencies";
import type { DepositDigest, DepositListQuery, DepositStatus, DepositView } from "./commands";

type DepositSqlRow = {
  id: number;
  amount_minor: number;
  currency: string;
  payment_reference: string;
  was_advanced: number;
  status: string;
  created_at: string;
  modified_at: string;
  advanced_at: string | null;
  completed_at: string | null;
  canceled_at: string | null;
  version: number;
};

export type StoredDeposit = DepositView & { version: number };

function fromRow(row: DepositSqlRow, accountId: number): StoredDeposit {
  return {
    id: row.id,
    accountId,
    amountMinor: row.amount_minor,
    currency: row.currency as Currency,
    paymentReference: row.payment_reference,
    wasAdvanced: row.was_advanced === 1,
    status: row.status as DepositStatus,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    advancedAt: row.advanced_at,
    completedAt: row.completed_at,
    canceledAt: row.canceled_at,
    version: row.version,
  };
}

export function readDeposit(sql: SqlStorage, accountId: number, depositId: number): StoredDeposit | null {
  const row = sql.exec<DepositSqlRow>("SELECT * FROM deposits WHERE id = ?", depositId).toArray()[0];
  return row === undefined ? null : fromRow(row, accountId);
}

export function listDeposits(sql: SqlStorage, accountId: number, query: DepositListQuery): StoredDeposit[] {
  const rows = sql
    .exec<DepositSqlRow>(
      "SELECT * FROM deposits WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR status = ?2) ORDER BY id DESC LIMIT ?3",
      query.startingAfter,
      query.status,
      query.limit,
    )
    .toArray();
  return rows.map((row) => fromRow(row, accountId));
}

/** Inserts a new deposit or rewrites a changed one; `version` must have grown. */
export function saveDeposit(sql: SqlStorage, deposit: StoredDeposit): void {
  sql.exec(
    "INSERT INTO deposits (id, amount_minor, currency, payment_reference, was_advanced, status, created_at, modified_at, advanced_at, completed_at, canceled_at, version) " +
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, modified_at = excluded.modified_at, " +
      "completed_at = excluded.completed_at, canceled_at = excluded.canceled_at, version = excluded.version",
    deposit.id,
    deposit.amountMinor,
    deposit.currency,
    deposit.paymentReference,
    deposit.wasAdvanced ? 1 : 0,
    deposit.status,
    deposit.createdAt,
    deposit.modifiedAt,
    deposit.advancedAt,
    deposit.completedAt,
    deposit.canceledAt,
    deposit.version,
  );
}

/** The public view: the version is bookkeeping of the projection. */
export function depositView({ version: _version, ...view }: StoredDeposit): DepositView {
  return view;
}

export function depositRow(deposit: StoredDeposit, partnerId: string): DepositRow {
  return {
    id: deposit.id,
    partnerId,
    accountId: deposit.accountId,
    amountMinor: deposit.amountMinor,
    currency: deposit.currency,
    paymentReference: deposit.paymentReference,
    wasAdvanced: deposit.wasAdvanced,
    status: deposit.status,
    createdAt: deposit.createdAt,
    modifiedAt: deposit.modifiedAt,
    advancedAt: deposit.advancedAt,
    completedAt: deposit.completedAt,
    canceledAt: deposit.canceledAt,
    version: deposit.version,
  };
}

/** Every deposit's state, for the operator audit to hold against the references' decisions. */
export function depositDigests(sql: SqlStorage): DepositDigest[] {
  return sql
    .exec<{ id: number; payment_reference: string; status: DepositStatus; modified_at: string }>("SELECT id, payment_reference, status, modified_at FROM deposits ORDER BY id")
    .toArray()
    .map((row) => ({ id: row.id, paymentReference: row.payment_reference, status: row.status, modifiedAt: row.modified_at }));
}

/** The payment references of the account's open deposits, each once. */
export function openDepositReferences(sql: SqlStorage): string[] {
  return sql.exec<{ payment_reference: string }>("SELECT DISTINCT payment_reference FROM deposits WHERE status = 'open'").toArray().map((row) => row.payment_reference);
}

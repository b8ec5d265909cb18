// Synchronous reads and writes of the deposits one payment reference arbitrates, and of the standing of the
// accounts that hold them, in the reference object's SQLite. Called only from inside the object.
import type { Currency } from "../ledger/currencies";
import type { AccountStanding, DepositClaim, ReferenceDigest } from "./commands";

/**
 * A deposit's state here: `reserved` (agreed to, its account has not confirmed committing it: it counts
 * against the reference's limit but no payment may match it), `open`, `matched` or `canceled`.
 */
export type ClaimState = ReferenceDigest["deposits"][number]["state"];

export type ClaimRow = {
  deposit_id: number;
  account_id: number;
  currency: Currency;
  amount_minor: number;
  state: ClaimState;
  payment_id: number | null;
  completed_at: string | null;
  reserved_at_ms: number | null;
  canceled_at_ms: number | null;
};

export function claimOf(sql: SqlStorage, depositId: number): ClaimRow | undefined {
  return sql.exec<ClaimRow>("SELECT * FROM deposits WHERE deposit_id = ?", depositId).toArray()[0];
}

/** What the reference's deposits that are still to be funded (open or reserved) sum to in a currency. */
export function outstandingMinor(sql: SqlStorage, currency: Currency): number {
  return sql.exec<{ total: number | null }>("SELECT SUM(amount_minor) AS total FROM deposits WHERE state IN ('open', 'reserved') AND currency = ?", currency).one().total ?? 0;
}

/** Reservations older than `before`, whose accounts may have died between reserving and committing. */
export function staleReservations(sql: SqlStorage, currency: Currency, beforeMs: number): ClaimRow[] {
  return sql.exec<ClaimRow>("SELECT * FROM deposits WHERE state = 'reserved' AND currency = ? AND reserved_at_ms < ?", currency, beforeMs).toArray();
}

export function insertReservation(sql: SqlStorage, claim: DepositClaim, nowMs: number): void {
  sql.exec(
    "INSERT INTO deposits (deposit_id, account_id, currency, amount_minor, state, reserved_at_ms) VALUES (?, ?, ?, ?, 'reserved', ?)",
    claim.depositId,
    claim.accountId,
    claim.currency,
    claim.amountMinor,
    nowMs,
  );
}

/** The account committed the deposit: it becomes matchable (a reservation is confirmed, a new one inserted). */
export function registerOpen(sql: SqlStorage, claim: DepositClaim): void {
  sql.exec(
    "INSERT INTO deposits (deposit_id, account_id, currency, amount_minor, state) VALUES (?, ?, ?, ?, 'open') " +
      "ON CONFLICT (deposit_id) DO UPDATE SET state = 'open' WHERE state = 'reserved'",
    claim.depositId,
    claim.accountId,
    claim.currency,
    claim.amountMinor,
  );
}

/** Forgets a reservation its account did not commit; a deposit in any other state stays as it is. */
export function dropReservation(sql: SqlStorage, depositId: number): void {
  sql.exec("DELETE FROM deposits WHERE deposit_id = ? AND state = 'reserved'", depositId);
}

/** Keeps whichever standing of the account is newer. */
export function keepNewerStanding(sql: SqlStorage, accountId: number, standing: AccountStanding): void {
  sql.exec(
    "INSERT INTO account_standing (account_id, active, version) VALUES (?, ?, ?) " +
      "ON CONFLICT (account_id) DO UPDATE SET active = excluded.active, version = excluded.version WHERE excluded.version > account_standing.version",
    accountId,
    standing.active ? 1 : 0,
    standing.version,
  );
}

/** The reference's open deposits in `currency`, each with whether its account may take money in now. */
export function openDeposits(sql: SqlStorage, currency: Currency): (ClaimRow & { account_active: number })[] {
  return sql
    .exec<ClaimRow & { account_active: number }>(
      "SELECT deposits.*, COALESCE(account_standing.active, 1) AS account_active FROM deposits " +
        "LEFT JOIN account_standing ON account_standing.account_id = deposits.account_id " +
        "WHERE deposits.state = 'open' AND deposits.currency = ? ORDER BY deposits.deposit_id",
      currency,
    )
    .toArray();
}

/** Every decision of the reference: each deposit's state and since when, each payment and what it funded. */
export function referenceDigest(sql: SqlStorage): Omit<ReferenceDigest, "backlog"> {
  const deposits = sql
    .exec<ClaimRow>("SELECT * FROM deposits ORDER BY deposit_id")
    .toArray()
    .map((row) => ({
      depositId: row.deposit_id,
      accountId: row.account_id,
      amountMinor: row.amount_minor,
      state: row.state,
      paymentId: row.payment_id,
      decidedAtMs: row.state === "matched" && row.completed_at !== null ? Date.parse(row.completed_at) : row.state === "canceled" ? row.canceled_at_ms : row.reserved_at_ms,
    }));
  const payments = sql
    .exec<{ id: number; status: string; amount_minor: number; deposit_ids: string }>("SELECT id, status, amount_minor, deposit_ids FROM payments ORDER BY id")
    .toArray()
    .map((row) => ({ id: row.id, status: row.status, amountMinor: row.amount_minor, depositIds: JSON.parse(row.deposit_ids) as number[] }));
  const pendingCompletions = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM completions").one().n;
  return { deposits, payments, pendingCompletions };
}

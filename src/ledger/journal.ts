// Double-entry legs for every ledger command, and the invariants every committed transaction keeps.
//
// An account's three buckets are liabilities of the ledger (credit-normal: balance = credits - debits).
// Their counter-legs live in two partner-wide accounts per currency whose balances are derived from
// history, never serialized through one hot object:
//   clearing:<partner>:<currency>    funds the partner has received for its users (debit-normal)
//   receivable:<partner>:<currency>  funds promised by open deposits, not yet received (debit-normal)
import type { Currency } from "./currencies";

export const buckets = ["settled", "unsettled", "pending"] as const;
export type Bucket = (typeof buckets)[number];
export type Direction = "debit" | "credit";

export type Leg = {
  ledgerAccount: string;
  currency: Currency;
  direction: Direction;
  amountMinor: number;
};

export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvariantViolation";
  }
}

export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

export const bucketAccount = (accountId: number, bucket: Bucket): string => `account:${accountId}:${bucket}`;
export const clearingAccount = (partnerId: string, currency: Currency): string => `clearing:${partnerId}:${currency}`;
export const receivableAccount = (partnerId: string, currency: Currency): string => `receivable:${partnerId}:${currency}`;

/** Which of this account's buckets a ledger account names, or null for a partner-wide counter-account. */
export function bucketOf(ledgerAccount: string, accountId: number): Bucket | null {
  const prefix = `account:${accountId}:`;
  if (!ledgerAccount.startsWith(prefix)) return null;
  const bucket = ledgerAccount.slice(prefix.length);
  return (buckets as readonly string[]).includes(bucket) ? (bucket as Bucket) : null;
}

export type Movement = {
  accountId: number;
  partnerId: string;
  currency: Currency;
  amountMinor: number;
};

const leg = (ledgerAccount: string, direction: Direction, m: Movement): Leg => ({
  ledgerAccount,
  currency: m.currency,
  direction,
  amountMinor: m.amountMinor,
});

/** Funds the partner has already received, credited straight to settled (a Qash deposit). */
export function creditSettledLegs(m: Movement): Leg[] {
  return [leg(clearingAccount(m.partnerId, m.currency), "debit", m), leg(bucketAccount(m.accountId, "settled"), "credit", m)];
}

/** An open deposit: expected funds, as unsettled cash when advanced, otherwise as pending. */
export function openDepositLegs(m: Movement, advanced: boolean): Leg[] {
  const bucket: Bucket = advanced ? "unsettled" : "pending";
  return [leg(receivableAccount(m.partnerId, m.currency), "debit", m), leg(bucketAccount(m.accountId, bucket), "credit", m)];
}

/** The payment arrived: the deposit's bucket becomes settled and the receivable becomes cash. */
export function completeDepositLegs(m: Movement, advanced: boolean): Leg[] {
  const bucket: Bucket = advanced ? "unsettled" : "pending";
  return [
    leg(bucketAccount(m.accountId, bucket), "debit", m),
    leg(bucketAccount(m.accountId, "settled"), "credit", m),
    leg(clearingAccount(m.partnerId, m.currency), "debit", m),
    leg(receivableAccount(m.partnerId, m.currency), "credit", m),
  ];
}

/** A canceled open deposit: whatever it added (pending or the advance) is taken back. */
export function cancelDepositLegs(m: Movement, advanced: boolean): Leg[] {
  const bucket: Bucket = advanced ? "unsettled" : "pending";
  return [leg(bucketAccount(m.accountId, bucket), "debit", m), leg(receivableAccount(m.partnerId, m.currency), "credit", m)];
}

/** Debits equal credits in every currency, and every leg moves a positive safe integer. */
export function assertBalanced(legs: readonly Leg[]): void {
  invariant(legs.length >= 2, "a transaction has at least two legs");
  const net = new Map<Currency, number>();
  for (const entry of legs) {
    invariant(Number.isSafeInteger(entry.amountMinor) && entry.amountMinor > 0, `leg amount ${entry.amountMinor} is not a positive integer`);
    const signed = entry.direction === "debit" ? entry.amountMinor : -entry.amountMinor;
    net.set(entry.currency, (net.get(entry.currency) ?? 0) + signed);
  }
  for (const [currency, total] of net) invariant(total === 0, `legs in ${currency} do not balance: net ${total}`);
}

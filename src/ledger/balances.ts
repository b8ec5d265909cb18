// An account's balances per currency and bucket, and the one function that moves them.
import { balance_minor_max } from "../config/limits";
import type { Currency } from "./currencies";
import { assertBalanced, bucketOf, invariant, type Bucket, type Leg } from "./journal";

/** Running totals of one bucket; its balance is always credits - debits. */
export type BucketTotals = { creditsMinor: number; debitsMinor: number };
export type BucketKey = `${Currency}:${Bucket}`;
export type BucketChange = { currency: Currency; bucket: Bucket; before: BucketTotals; after: BucketTotals };

export const balanceOf = (totals: BucketTotals): number => totals.creditsMinor - totals.debitsMinor;
export const zeroTotals = (): BucketTotals => ({ creditsMinor: 0, debitsMinor: 0 });

export type ApplyResult = { ok: true; changes: BucketChange[] } | { ok: false; reason: "balance_limit_exceeded" | "insufficient_balance" };

/**
 * Applies a balanced set of legs to this account's buckets. Pure: `read` returns the current totals,
 * the caller writes the changes. Refuses (without throwing) a move past the limits or below zero.
 */
export function applyLegs(accountId: number, legs: readonly Leg[], read: (currency: Currency, bucket: Bucket) => BucketTotals): ApplyResult {
  assertBalanced(legs);
  const changes = new Map<BucketKey, BucketChange>();
  for (const entry of legs) {
    const bucket = bucketOf(entry.ledgerAccount, accountId);
    if (bucket === null) continue;
    const key: BucketKey = `${entry.currency}:${bucket}`;
    const change = changes.get(key) ?? { currency: entry.currency, bucket, before: read(entry.currency, bucket), after: { ...read(entry.currency, bucket) } };
    if (entry.direction === "credit") change.after.creditsMinor += entry.amountMinor;
    else change.after.debitsMinor += entry.amountMinor;
    changes.set(key, change);
  }
  for (const change of changes.values()) {
    // Running totals are bounded too, so every number the ledger stores stays an exact JSON integer.
    if (change.after.creditsMinor > balance_minor_max || change.after.debitsMinor > balance_minor_max) {
      return { ok: false, reason: "balance_limit_exceeded" };
    }
    if (balanceOf(change.after) < 0) return { ok: false, reason: "insufficient_balance" };
  }
  if (!withinCommitments(changes, read)) return { ok: false, reason: "balance_limit_exceeded" };
  for (const change of changes.values()) {
    const delta = balanceOf(change.after) - balanceOf(change.before);
    const expected = sumFor(legs, accountId, change.currency, change.bucket);
    invariant(delta === expected, `bucket ${change.currency}:${change.bucket} moved ${delta}, its legs say ${expected}`);
  }
  return { ok: true, changes: [...changes.values()] };
}

/** The net credit the legs bring to one bucket of this account. */
export function sumFor(legs: readonly Leg[], accountId: number, currency: Currency, bucket: Bucket): number {
  let total = 0;
  for (const entry of legs) {
    if (entry.currency !== currency || bucketOf(entry.ledgerAccount, accountId) !== bucket) continue;
    total += entry.direction === "credit" ? entry.amountMinor : -entry.amountMinor;
  }
  return total;
}

/**
 * What an account has committed to in a currency must stay representable: its settled credits plus what its
 * open deposits still hold (pending and unsettled). Every open deposit completes by moving its amount from
 * pending or unsettled into settled credits, so with this bound kept by every command a completion can never
 * pass the limit: no payment is ever matched to a deposit its account would then refuse. It also bounds every
 * total the dialects show (settled + unsettled, and what pending becomes), so rendering one never fails.
 */
function withinCommitments(changes: ReadonlyMap<BucketKey, BucketChange>, read: (currency: Currency, bucket: Bucket) => BucketTotals): boolean {
  for (const currency of new Set([...changes.values()].map((change) => change.currency))) {
    const totals = (bucket: Bucket): BucketTotals => changes.get(`${currency}:${bucket}`)?.after ?? read(currency, bucket);
    const committedMinor = totals("settled").creditsMinor + balanceOf(totals("pending")) + balanceOf(totals("unsettled"));
    if (committedMinor > balance_minor_max) return false;
  }
  return true;
}

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

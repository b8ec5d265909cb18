import { describe, expect, it } from "vitest";
import { balance_minor_max } from "../config/limits";
import { applyLegs, balanceOf, zeroTotals, type BucketTotals } from "./balances";
import {
  assertBalanced,
  bucketOf,
  cancelDepositLegs,
  completeDepositLegs,
  creditSettledLegs,
  InvariantViolation,
  openDepositLegs,
  type Bucket,
} from "./journal";

const movement = { accountId: 7, partnerId: "ptn_a", currency: "EUR" as const, amountMinor: 1_000 };

describe("legs", () => {
  it("balance for every command", () => {
    for (const legs of [
      creditSettledLegs(movement),
      openDepositLegs(movement, true),
      openDepositLegs(movement, false),
      completeDepositLegs(movement, true),
      completeDepositLegs(movement, false),
      cancelDepositLegs(movement, true),
      cancelDepositLegs(movement, false),
    ]) {
      expect(() => assertBalanced(legs)).not.toThrow();
    }
  });

  it("refuses unbalanced or non-integer legs", () => {
    const [debit, credit] = creditSettledLegs(movement);
    expect(() => assertBalanced([debit!, { ...credit!, amountMinor: 999 }])).toThrow(InvariantViolation);
    expect(() => assertBalanced([debit!, { ...credit!, currency: "USD" }])).toThrow(InvariantViolation);
    expect(() => assertBalanced([{ ...debit!, amountMinor: 0.5 }, { ...credit!, amountMinor: 0.5 }])).toThrow(InvariantViolation);
    expect(() => assertBalanced([debit!])).toThrow(InvariantViolation);
  });

  it("names this account's buckets and nothing else", () => {
    expect(bucketOf("account:7:settled", 7)).toBe("settled");
    expect(bucketOf("account:70:settled", 7)).toBeNull();
    expect(bucketOf("clearing:ptn_a:EUR", 7)).toBeNull();
    expect(bucketOf("account:7:bogus", 7)).toBeNull();
  });
});

describe("applyLegs", () => {
  const empty = () => zeroTotals();

  it("moves a deposit's amount from pending to settled on completion", () => {
    const state = new Map<string, BucketTotals>();
    const read = (currency: string, bucket: Bucket) => state.get(`${currency}:${bucket}`) ?? zeroTotals();
    const apply = (legs: ReturnType<typeof openDepositLegs>) => {
      const result = applyLegs(7, legs, read);
      if (!result.ok) throw new Error(result.reason);
      for (const change of result.changes) state.set(`${change.currency}:${change.bucket}`, change.after);
    };
    apply(openDepositLegs(movement, false));
    expect(balanceOf(read("EUR", "pending"))).toBe(1_000);
    apply(completeDepositLegs(movement, false));
    expect(balanceOf(read("EUR", "pending"))).toBe(0);
    expect(balanceOf(read("EUR", "settled"))).toBe(1_000);
  });

  it("refuses to take a bucket below zero", () => {
    expect(applyLegs(7, cancelDepositLegs(movement, true), empty)).toEqual({ ok: false, reason: "insufficient_balance" });
  });

  it("refuses running totals beyond the largest exact integer", () => {
    const nearlyFull = (_currency: string, bucket: string) => (bucket === "settled" ? { creditsMinor: balance_minor_max - 10, debitsMinor: 0 } : { creditsMinor: 0, debitsMinor: 0 });
    expect(applyLegs(7, creditSettledLegs({ ...movement, amountMinor: 11 }), nearlyFull)).toEqual({ ok: false, reason: "balance_limit_exceeded" });
    expect(applyLegs(7, creditSettledLegs({ ...movement, amountMinor: 10 }), nearlyFull).ok).toBe(true);
  });

  it("refuses what open deposits could not complete into: settled credits plus pending and unsettled stay within the limit", () => {
    const totals = new Map<string, { creditsMinor: number; debitsMinor: number }>([
      ["EUR:settled", { creditsMinor: balance_minor_max - 1_000, debitsMinor: 0 }],
      ["EUR:pending", { creditsMinor: 600, debitsMinor: 0 }],
    ]);
    const read = (currency: string, bucket: string) => totals.get(`${currency}:${bucket}`) ?? { creditsMinor: 0, debitsMinor: 0 };
    // 600 pending would complete into settled: 400 more fit, as an open deposit or a credit, and not one unit beyond.
    expect(applyLegs(7, openDepositLegs({ ...movement, amountMinor: 401 }, true), read)).toEqual({ ok: false, reason: "balance_limit_exceeded" });
    expect(applyLegs(7, creditSettledLegs({ ...movement, amountMinor: 401 }), read)).toEqual({ ok: false, reason: "balance_limit_exceeded" });
    expect(applyLegs(7, openDepositLegs({ ...movement, amountMinor: 400 }, false), read).ok).toBe(true);
    // Completing and canceling never add to the commitment, so they are never refused by it.
    expect(applyLegs(7, completeDepositLegs({ ...movement, amountMinor: 600 }, false), read).ok).toBe(true);
    expect(applyLegs(7, cancelDepositLegs({ ...movement, amountMinor: 600 }, false), read).ok).toBe(true);
  });
});

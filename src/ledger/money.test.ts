import { describe, expect, it } from "vitest";
import { deposit_amount_minor_max } from "../config/limits";
import { checkMinorAmount, formatMinor, parseDecimalAmount, parseNumberAmount } from "./money";

describe("parseDecimalAmount", () => {
  it.each([
    ["100.00", "EUR", 10_000],
    ["50.1", "EUR", 5_010],
    ["7", "USD", 700],
    ["0.01", "GBP", 1],
    ["1.234567", "USDC", 1_234_567],
  ] as const)("parses %s %s into %i minor units", (text, currency, minor) => {
    expect(parseDecimalAmount(text, currency)).toEqual({ ok: true, minor });
  });

  it.each(["1e3", "-5", "0.00", "0", "1.234", " 10", "10 ", "10.", ".5", "+5", "01.00", "１０", "10,00", "", "0x10", "NaN", "Infinity", "٣"])(
    "refuses %j for EUR",
    (text) => {
      expect(parseDecimalAmount(text, "EUR").ok).toBe(false);
    },
  );

  it("refuses amounts above the per-deposit maximum without losing precision", () => {
    expect(parseDecimalAmount("99999999999999999999999999.00", "USD").ok).toBe(false);
    expect(parseDecimalAmount(formatMinor(deposit_amount_minor_max, "USD"), "USD")).toEqual({ ok: true, minor: deposit_amount_minor_max });
    expect(parseDecimalAmount(formatMinor(deposit_amount_minor_max + 1, "USD"), "USD").ok).toBe(false);
  });
});

describe("parseNumberAmount", () => {
  it("accepts a JSON number whose decimal text fits the currency", () => {
    expect(parseNumberAmount(100, "EUR")).toEqual({ ok: true, minor: 10_000 });
    expect(parseNumberAmount(12.5, "EUR")).toEqual({ ok: true, minor: 1_250 });
  });

  it("refuses floats that are not exact, negatives, zero and exponents", () => {
    expect(parseNumberAmount(0.1 + 0.2, "EUR").ok).toBe(false);
    expect(parseNumberAmount(-1, "EUR").ok).toBe(false);
    expect(parseNumberAmount(0, "EUR").ok).toBe(false);
    expect(parseNumberAmount(1e21, "EUR").ok).toBe(false);
    expect(parseNumberAmount(Number.NaN, "EUR").ok).toBe(false);
  });
});

describe("formatMinor", () => {
  it("renders exactly the currency's decimals", () => {
    expect(formatMinor(10_000, "USD")).toBe("100.00");
    expect(formatMinor(5, "EUR")).toBe("0.05");
    expect(formatMinor(0, "EUR")).toBe("0.00");
    expect(formatMinor(1, "USDC")).toBe("0.000001");
    expect(formatMinor(-250, "GBP")).toBe("-2.50");
  });
});

describe("checkMinorAmount", () => {
  it("accepts positive safe integers up to the maximum", () => {
    expect(checkMinorAmount(1)).toEqual({ ok: true, minor: 1 });
    expect(checkMinorAmount(deposit_amount_minor_max)).toEqual({ ok: true, minor: deposit_amount_minor_max });
  });

  it.each([0, -1, 1.5, deposit_amount_minor_max + 1, Number.MAX_SAFE_INTEGER + 2, Number.NaN])("refuses %d", (minor) => {
    expect(checkMinorAmount(minor).ok).toBe(false);
  });
});

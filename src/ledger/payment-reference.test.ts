import { describe, expect, it } from "vitest";
import { generatedPaymentReference, isGeneratedReference, isPaymentReference, referenceKey } from "./payment-reference";

describe("payment references", () => {
  it("generates short, typeable, unique references", () => {
    const references = new Set<string>();
    for (let id = 1_001; id < 6_001; id += 1) {
      const reference = generatedPaymentReference(id);
      expect(reference).toMatch(/^DL[0-9A-HJKMNP-TV-Z]{9}$/);
      expect(isPaymentReference(reference)).toBe(true);
      references.add(reference);
    }
    expect(references.size).toBe(5_000);
    expect(generatedPaymentReference(Number.MAX_SAFE_INTEGER)).toMatch(/^DL[0-9A-HJKMNP-TV-Z]{12}$/);
  });

  it("detects a substituted character and a swapped pair through the check character", () => {
    for (const id of [1_001, 123_456_789, 987_654_321_012]) {
      const reference = generatedPaymentReference(id);
      expect(isGeneratedReference(reference)).toBe(true);
      expect(isGeneratedReference(reference.toLowerCase())).toBe(true);
      const body = reference.slice(2, -1);
      for (let index = 0; index < body.length; index += 1) {
        const substituted = body.slice(0, index) + (body[index] === "7" ? "8" : "7") + body.slice(index + 1);
        expect(isGeneratedReference(`DL${substituted}${reference.at(-1)}`)).toBe(false);
        // "0" and "Z" are worth 0 and 31, the one pair a modulo-31 check cannot tell apart.
        const blindPair = new Set([body[index], body[index + 1]]).size === 2 && [body[index], body[index + 1]].every((c) => c === "0" || c === "Z");
        if (index + 1 < body.length && body[index] !== body[index + 1] && !blindPair) {
          const swapped = body.slice(0, index) + body[index + 1] + body[index] + body.slice(index + 2);
          expect(isGeneratedReference(`DL${swapped}${reference.at(-1)}`)).toBe(false);
        }
      }
    }
  });

  it.each(["INV-2026/11.7", "A", "202512161234", "Batch 7"])("accepts %j", (text) => expect(isPaymentReference(text)).toBe(true));
  it.each(["", " lead", "trail ", "-x", "x".repeat(36), "ref#1", "réf", "１２３"])("refuses %j", (text) => expect(isPaymentReference(text)).toBe(false));

  it("matches regardless of case", () => {
    expect(referenceKey("inv-7")).toBe(referenceKey("INV-7"));
  });
});

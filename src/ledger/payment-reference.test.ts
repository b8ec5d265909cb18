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

describe("isGeneratedReference, the shape reserved for generated references", () => {
  it("knows every generated reference in any case, from the first id to the largest", () => {
    for (const id of [0, 1, 31, 32, 1_001, 32 ** 8 - 1, 32 ** 8, Number.MAX_SAFE_INTEGER]) {
      const reference = generatedPaymentReference(id);
      expect(isGeneratedReference(reference), reference).toBe(true);
      expect(isGeneratedReference(reference.toLowerCase()), reference).toBe(true);
      expect(isGeneratedReference(`dL${reference.slice(2)}`), reference).toBe(true);
    }
  });

  const checks = [..."0123456789ABCDEFGHJKMNPQRSTVWXYZ"];
  /** The references with a body of `length` characters that the predicate reserves, over every check character. */
  const reservedOfLength = (length: number): string[] => checks.map((check) => `DL${"1".repeat(length)}${check}`).filter(isGeneratedReference);

  it("reserves bodies of 8 to 12 characters (one check character each), and nothing shorter or longer", () => {
    for (const length of [8, 9, 10, 11, 12]) expect(reservedOfLength(length), String(length)).toHaveLength(1);
    expect(reservedOfLength(7)).toEqual([]);
    expect(reservedOfLength(13)).toEqual([]);
  });

  it.each([
    ["a wrong check character", () => generatedPaymentReference(1_001).slice(0, -1) + (generatedPaymentReference(1_001).endsWith("0") ? "1" : "0")],
    ["another prefix", () => `DX${generatedPaymentReference(1_001).slice(2)}`],
    ["a separator inside", () => `DL-${generatedPaymentReference(1_001).slice(2)}`],
    ["a space around it", () => ` ${generatedPaymentReference(1_001)}`],
    ["a letter Crockford leaves out", () => "DL0000000I0"],
    ["no prefix", () => generatedPaymentReference(1_001).slice(2)],
    ["an ordinary reference", () => "INV-1001"],
  ])("does not reserve %s", (_name, reference) => expect(isGeneratedReference(reference())).toBe(false));
});

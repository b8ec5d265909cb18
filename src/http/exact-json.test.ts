import { describe, expect, it } from "vitest";
import { json_problems_max } from "../config/limits";
import { denotesExactly, readJsonExactly } from "./exact-json";

const exact = (source: string) => denotesExactly(source, JSON.parse(source) as number);
const pathsOf = (text: string) => readJsonExactly(text)?.problems.map((problem) => problem.path);

describe("denotesExactly", () => {
  it.each(["0", "-0", "100000", "-5", "10.10", "0.1", "10.1", "1E2", "1e2", "2.50e1", "0.30000000000000004", "9007199254740992", "5e-324", "1e21", "1000000000000000"])(
    "%s is exact",
    (source) => expect(exact(source)).toBe(true),
  );

  it.each([
    "99.99999999999999999", // 100
    "10.000000000000000001", // 10
    "9007199254740993", // 9007199254740992
    "123456789012345678", // 123456789012345680
    "1e23", // 99999999999999991611392: the shortest decimal round-trips, but the integer is not 10^23
    "1e400", // Infinity
    "-1e400",
    "1e-400", // 0
    "0.1000000000000000055511151231257827", // the double's exact value, longer than its shortest decimal
  ])("%s is not", (source) => expect(exact(source)).toBe(false));

  it("fails closed without source text", () => {
    expect(denotesExactly(undefined, 1)).toBe(false);
  });
});

describe("readJsonExactly", () => {
  it("reads ordinary bodies with no problems and the same value as JSON.parse", () => {
    const text = '{"amount":100000,"currency":"MXN","nested":[1,{"x":10.1}],"emoji":"\\ud83d\\ude00","s":"100.00"}';
    expect(readJsonExactly(text)).toEqual({ value: JSON.parse(text), problems: [] });
  });

  it("names each inexact number by its path, indexes as numbers", () => {
    expect(pathsOf('{"amount":99.99999999999999999}')).toEqual([["amount"]]);
    expect(pathsOf('{"a":[1,{"b":1e400}],"c":9007199254740993}')).toEqual([["a", 1, "b"], ["c"]]);
    expect(pathsOf("1e400")).toEqual([[]]);
    expect(readJsonExactly('{"amount":99.99999999999999999}')?.problems[0]).toEqual({
      path: ["amount"],
      detail: "amount is a JSON number that does not denote exactly the value it parses to",
      code: "invalid_param",
    });
  });

  it("names lone surrogates in values and in keys, as sent", () => {
    expect(pathsOf('{"description":"a\\udc00b"}')).toEqual([["description"]]);
    expect(pathsOf('{"name":"\\ud800"}')).toEqual([["name"]]);
    expect(pathsOf('{"metadata":{"\\udc00":"x"}}')).toEqual([["metadata", "\udc00"]]);
    expect(pathsOf('["\\udfff\\ud800"]')).toEqual([[0]]);
    const [problem] = readJsonExactly('{"metadata":{"\\udc00":"x"}}')?.problems ?? [];
    expect(problem?.detail).toBe("metadata.\uFFFD is a key that is not well-formed Unicode (it holds a lone surrogate)");
  });

  it("answers undefined for text that is not JSON, so the validators answer as before", () => {
    for (const text of ["", "{", '{"a":1,}', "[".repeat(100), "NaN"]) expect(readJsonExactly(text)).toBeUndefined();
  });

  it("keeps a __proto__ key as an own property, as JSON.parse does, for the prototype-key check to see", () => {
    const reading = readJsonExactly('{"metadata":{"__proto__":{"polluted":true}}}');
    const metadata = (reading?.value as { metadata: object }).metadata;
    expect(Object.keys(metadata)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });

  it("refuses JSON nested deeper than the reviver's stack, with a value the validators can still read", () => {
    const reading = readJsonExactly("[".repeat(30_000) + "]".repeat(30_000));
    expect(reading?.problems).toEqual([{ path: [], detail: "body is nested too deeply to be read", code: "invalid_param" }]);
    expect(Array.isArray(reading?.value)).toBe(true);
  });

  it(`lists at most ${json_problems_max} problems`, () => {
    const text = JSON.stringify(Array.from({ length: 100 }, () => 0)).replaceAll("0", "1e400");
    expect(readJsonExactly(text)?.problems).toHaveLength(json_problems_max);
  });
});

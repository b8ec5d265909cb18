import { describe, expect, it } from "vitest";
import { canonicalJson } from "./idempotency-key";

describe("canonicalJson", () => {
  it.each([
    [{ b: 1, a: [true, null, "x"] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 1, x: 2 }, a: {} }, '{"a":{},"z":{"x":2,"y":1}}'],
    [[], "[]"],
    [[[1], [2, [3]]], "[[1],[2,[3]]]"],
    ["text", '"text"'],
    [42, "42"],
    [null, "null"],
    [undefined, "null"],
    [{ "key with \"quotes\"": "v" }, '{"key with \\"quotes\\"":"v"}'],
  ])("writes %j as %s", (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it("writes two orders of the same keys alike", () => {
    expect(canonicalJson(JSON.parse('{"b":{"d":1,"c":2},"a":3}'))).toBe(canonicalJson(JSON.parse('{"a":3,"b":{"c":2,"d":1}}')));
  });

  it("survives the deepest nesting a 64 KiB body can hold", () => {
    // This threw "Maximum call stack size exceeded" when it recursed, and the request answered 500.
    const depth = 32_000;
    expect(canonicalJson(JSON.parse("[".repeat(depth) + "]".repeat(depth)))).toHaveLength(2 * depth);
    expect(canonicalJson(JSON.parse('{"a":'.repeat(depth) + "1" + "}".repeat(depth)))).toHaveLength(5 * depth + 1 + depth);
  });

  it("survives the widest array a 64 KiB body can hold", () => {
    const items = Array.from({ length: 32_000 }, () => 1);
    expect(canonicalJson(items)).toBe(JSON.stringify(items));
  });
});

import { describe, expect, it } from "vitest";
import { prototypeKeyIn } from "./prototype-keys";

describe("prototypeKeyIn", () => {
  it.each([
    ['{"__proto__":{"polluted":true}}', "__proto__"],
    ['{"a":[1,{"b":{"constructor":{}}}]}', "constructor"],
    ['[{"prototype":1}]', "prototype"],
    ['{"payer":{"documentType":"RFC"},"note":"constructor"}', null],
    ['{"Constructor":1,"proto":2}', null],
    ["42", null],
    ["null", null],
  ])("finds in %s: %s", (json, key) => {
    expect(prototypeKeyIn(JSON.parse(json))).toBe(key);
  });

  it("looks 30,000 levels deep", () => {
    const depth = 30_000;
    expect(prototypeKeyIn(JSON.parse('{"a":'.repeat(depth) + '{"__proto__":1}' + "}".repeat(depth)))).toBe("__proto__");
  });
});

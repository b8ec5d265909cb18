import { describe, expect, it } from "vitest";
import { constantTimeEqual, sha256Hex } from "./hash";

describe("sha256Hex", () => {
  it("matches the published digest of 'abc'", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("constantTimeEqual", () => {
  it.each([
    ["secret", "secret", true],
    ["secret", "secreT", false],
    ["secret", "secret-longer", false],
    ["", "", true],
    ["", "secret", false],
  ])("compares %j and %j as %s", async (left, right, equal) => {
    expect(await constantTimeEqual(left, right)).toBe(equal);
  });
});

import { describe, expect, it } from "vitest";
import { bytesToHex, constantTimeEqual, equalDigests, hexToBytes, sha256, sha256Hex } from "./hash";

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

describe("equalDigests", () => {
  it("is true only for the same bytes", async () => {
    const digest = await sha256("secret");
    expect(equalDigests(digest, await sha256("secret"))).toBe(true);
    expect(equalDigests(digest, await sha256("secreT"))).toBe(false);
    expect(equalDigests(digest, digest.slice(0, 31))).toBe(false);
  });
});

describe("hex", () => {
  it("round-trips a digest, and refuses what is not hex of whole bytes", async () => {
    const hex = await sha256Hex("abc");
    expect(bytesToHex(hexToBytes(hex) ?? new Uint8Array())).toBe(hex);
    expect(hexToBytes("abc")).toBeNull();
    expect(hexToBytes("zz")).toBeNull();
  });
});

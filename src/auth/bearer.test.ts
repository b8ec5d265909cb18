import { describe, expect, it } from "vitest";
import { basicCredentials, bearerToken } from "./bearer";

describe("bearerToken", () => {
  it.each([
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer abc", "abc"],
    ["Bearer   abc  ", "abc"],
    ["Bearer", undefined],
    ["Bearer a b", undefined],
    ["Basic abc", undefined],
    [undefined, undefined],
    [`Bearer ${"x".repeat(9000)}`, undefined],
  ])("reads %j as %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe("basicCredentials", () => {
  it("splits at the first colon, so a password may hold colons", () => {
    expect(basicCredentials(`Basic ${btoa("client:se:cret")}`)).toEqual({ userId: "client", password: "se:cret" });
  });

  it.each([["Basic"], ["Basic !!!"], [`Basic ${btoa("no-colon")}`], [`Bearer ${btoa("a:b")}`], [undefined]])("rejects %j", (header) => {
    expect(basicCredentials(header)).toBeUndefined();
  });
});

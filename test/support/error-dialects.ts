// Asserts that an error answer is in the envelope of the surface that gave it: Qash's for /api/v1, RFC 6749's
// for /auth/token, Sophic's (checked against the vendor's own Error schema) for every other path.
import { expect } from "vitest";
import { assertVendor } from "./sophic-schema";

export type ErrorDialect = "qash" | "sophic" | "oauth";

export function expectErrorDialect(dialect: ErrorDialect, response: Response, text: string): void {
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (dialect === "qash") {
    expect(Object.keys(body).sort()).toEqual(["code", "message", "success"]);
    expect(body.success).toBe(false);
    expect(body.code).toMatch(/^[A-Z_]+$/);
    expect(body.message).toEqual(expect.stringMatching(/./));
  } else if (dialect === "oauth") {
    expect(Object.keys(body).sort()).toEqual(["error", "error_description"]);
    expect(body.error).toMatch(/^[a-z_]+$/);
    expect(body.error_description).toEqual(expect.stringMatching(/./));
  } else {
    assertVendor("Error", body);
    expect(body.code).toMatch(/^[a-z_]+$/);
  }
}

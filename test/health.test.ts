import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /health", () => {
  it("answers 200 ok with a Request-Id", async () => {
    const response = await SELF.fetch("https://ledger.test/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("Request-Id")).toMatch(/.+/);
  });

  it("echoes a sane Client-Request-Id", async () => {
    const response = await SELF.fetch("https://ledger.test/health", { headers: { "Client-Request-Id": "abc-123" } });
    expect(response.headers.get("Request-Id")).toBe("abc-123");
  });
});

describe("unknown routes", () => {
  it("answers a JSON 404 in Sophic's shape at the root", async () => {
    const response = await SELF.fetch("https://ledger.test/nowhere");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "not_found" });
  });

  it("answers a JSON 404 in Qash's shape under /api/v1", async () => {
    const response = await SELF.fetch("https://ledger.test/api/v1/nowhere");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ success: false, code: "NOT_FOUND" });
  });
});

// RFC 6749 §5.1: no response of POST /auth/token may be stored by a cache, its errors included, and that
// holds for the errors the Worker raises before or around the endpoint (413, 405, 5xx) as for its own.
import { env, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { downD1 } from "../security/down-d1";
import { BASE, createPartner } from "../support/fixtures";

const bindings = env as { DB: D1Database; TOKEN_SIGNING_KEY: string; LOCAL_DEVELOPMENT: string };
const realDb = env.DB;
const realSigningKey = env.TOKEN_SIGNING_KEY;

afterEach(() => {
  bindings.DB = realDb;
  bindings.TOKEN_SIGNING_KEY = realSigningKey;
  bindings.LOCAL_DEVELOPMENT = "false";
  vi.restoreAllMocks();
});

const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };
const tokenForm = (clientId: string, clientSecret: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, ...extra }).toString();

function requestToken(init: RequestInit): Promise<Response> {
  return SELF.fetch(`${BASE}/auth/token`, { method: "POST", headers: formHeaders, ...init });
}

async function expectNotStored(response: Response, status: number, error?: string): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(response.headers.get("Pragma")).toBe("no-cache");
  if (error !== undefined) expect(JSON.parse(text)).toEqual({ error, error_description: expect.any(String) });
}

describe("every answer of POST /auth/token is marked no-store", () => {
  it("a token, and the endpoint's own refusals", async () => {
    const partner = await createPartner();
    await expectNotStored(await requestToken({ body: tokenForm(partner.apiKey, partner.apiSecret) }), 200);
    await expectNotStored(await requestToken({ body: "grant_type=password" }), 400, "unsupported_grant_type");
    await expectNotStored(await requestToken({ body: tokenForm(partner.apiKey, `${partner.apiSecret}x`) }), 401, "invalid_client");
  });

  it("a body over the limit, refused before the endpoint runs", async () => {
    const partner = await createPartner();
    const oversized = tokenForm(partner.apiKey, partner.apiSecret, { padding: "p".repeat(70 * 1024) });
    await expectNotStored(await requestToken({ body: oversized }), 413, "invalid_request");
  });

  it("another method, which no route of the path takes", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const response = await SELF.fetch(`${BASE}/auth/token`, { method });
      expect(response.headers.get("Allow")).toBe("POST");
      await expectNotStored(response, 405, "invalid_request");
    }
  });

  it("a failure of the Worker: a misconfigured signing key (500), a database that is down (503)", async () => {
    const partner = await createPartner();
    // The Worker logs each 5xx; those lines are expected here, and test/security/logs.test.ts reads them.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    // Outside local development the Worker refuses a weak key before anything (503); locally it serves and fails (500).
    bindings.TOKEN_SIGNING_KEY = "too-short";
    await expectNotStored(await requestToken({ body: tokenForm(partner.apiKey, partner.apiSecret) }), 503, "temporarily_unavailable");
    bindings.LOCAL_DEVELOPMENT = "true";
    await expectNotStored(await requestToken({ body: tokenForm(partner.apiKey, partner.apiSecret) }), 500, "server_error");
    bindings.LOCAL_DEVELOPMENT = "false";
    bindings.TOKEN_SIGNING_KEY = realSigningKey;
    // A partner new to this isolate, so its key is looked up in D1 rather than in the credential cache.
    const unseen = await createPartner();
    bindings.DB = downD1();
    await expectNotStored(await requestToken({ body: tokenForm(unseen.apiKey, unseen.apiSecret) }), 503, "temporarily_unavailable");
  });
});

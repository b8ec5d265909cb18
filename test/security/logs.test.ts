import { env, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BASE, createPartner, createUser, partnerHeaders, sophicToken, type TestPartner } from "../support/fixtures";
import { sha256Hex } from "../identity/helpers";
import { downD1 } from "./down-d1";

// SELF runs the Worker in this test's isolate, so its console is this console: spying on it captures
// every line the Worker writes while these requests run (the first test proves the capture works).
const bindings = env as { DB: D1Database; TOKEN_SIGNING_KEY: string; LOCAL_DEVELOPMENT: string };
const realDb = env.DB;
const realSigningKey = env.TOKEN_SIGNING_KEY;
const short_signing_key = "short-signing-key-never-logged";

function captureConsole(): string[] {
  const lines: string[] = [];
  const record = (...values: unknown[]) => {
    lines.push(values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join(" "));
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, method).mockImplementation(record);
  return lines;
}

afterEach(() => {
  bindings.DB = realDb;
  bindings.TOKEN_SIGNING_KEY = realSigningKey;
  bindings.LOCAL_DEVELOPMENT = "false";
  vi.restoreAllMocks();
});

function post(path: string, headers: Record<string, string>, body: string): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, { method: "POST", headers, body });
}

const tokenForm = (clientId: string, clientSecret: string) => new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString();
const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };

async function issueQashTokens(partner: TestPartner, userId: string) {
  const response = await post("/api/v1/partner/auth/token", partnerHeaders(partner), JSON.stringify({ userId }));
  expect(response.status).toBe(200);
  return response.json<{ accessToken: string; refreshToken: string }>();
}

describe("log lines", () => {
  it("are captured from the Worker by spying on the test's console", async () => {
    const lines = captureConsole();
    const response = await SELF.fetch(`${BASE}/health`);
    const requestId = response.headers.get("Request-Id") ?? "";
    expect(requestId).not.toBe("");
    expect(lines.some((line) => line.includes(requestId) && line.includes('"msg":"request"'))).toBe(true);
  });

  it("never carry a secret, a token, or the keys that make them, even when requests fail or the Worker errs", async () => {
    const lines = captureConsole();
    const partner = await createPartner();
    const user = await createUser(partner);
    const qash = await issueQashTokens(partner, user.id);
    const sophic = await sophicToken(partner);

    // Failed authentication, with wrong values that contain the real ones: logging a header would show them.
    const wrongSecret = { ...partnerHeaders(partner), "X-Api-Secret": `${partner.apiSecret}x` };
    expect((await SELF.fetch(`${BASE}/api/v1/partner/users/${user.id}`, { headers: wrongSecret })).status).toBe(401);
    expect((await post("/auth/token", formHeaders, tokenForm(partner.apiKey, `${partner.apiSecret}x`))).status).toBe(401);
    expect((await SELF.fetch(`${BASE}/auth/whoami`, { headers: { Authorization: `Bearer ${sophic}x` } })).status).toBe(401);
    const userRoute = { ...partnerHeaders(partner), Authorization: `Bearer ${qash.accessToken}x` };
    expect((await SELF.fetch(`${BASE}/api/v1/user/me`, { headers: userRoute })).status).toBe(401);
    const adminGuess = { Authorization: `Bearer ${env.ADMIN_TOKEN}x`, "Content-Type": "application/json" };
    expect((await post("/admin/partners", adminGuess, JSON.stringify({ name: "x" }))).status).toBe(401);
    // A token in the query string, where request logs commonly leak it.
    expect((await SELF.fetch(`${BASE}/events?access_token=${sophic}`, { headers: { Authorization: `Bearer ${sophic}` } })).status).toBe(200);

    // The signing key is misconfigured (too short). Deployed, the Worker refuses every request with a 503 and
    // names the setting in its log; on a developer's machine it serves, and signing and verifying throw: a 500.
    bindings.TOKEN_SIGNING_KEY = short_signing_key;
    expect((await SELF.fetch(`${BASE}/health`)).status).toBe(503);
    bindings.LOCAL_DEVELOPMENT = "true";
    expect((await post("/api/v1/partner/auth/token", partnerHeaders(partner), JSON.stringify({ userId: user.id }))).status).toBe(500);
    expect((await SELF.fetch(`${BASE}/auth/whoami`, { headers: { Authorization: `Bearer ${sophic}` } })).status).toBe(500);
    bindings.LOCAL_DEVELOPMENT = "false";
    bindings.TOKEN_SIGNING_KEY = realSigningKey;

    // A 503: D1 is down while a partner's key is being looked up (drizzle's error repeats the key). The
    // partner is new to this isolate, so its key is not in the credential cache and D1 is asked.
    const unseen = await createPartner();
    bindings.DB = downD1();
    expect((await SELF.fetch(`${BASE}/api/v1/partner/users/${user.id}`, { headers: partnerHeaders(unseen) })).status).toBe(503);
    const unavailable = await post("/auth/token", formHeaders, tokenForm(unseen.apiKey, unseen.apiSecret));
    expect(unavailable.status).toBe(503);
    // The token endpoint's failures are RFC 6749 bodies even when the Worker, not the endpoint, raised them.
    expect(await unavailable.json()).toEqual({ error: "temporarily_unavailable", error_description: expect.any(String) });
    bindings.DB = realDb;

    const text = lines.join("\n");
    expect(text).toContain('"level":"error"');
    expect(text).toContain("d1 query failed");
    expect(text).toContain("TOKEN_SIGNING_KEY is shorter than 32 characters");
    const secrets: Record<string, string> = {
      apiSecret: partner.apiSecret,
      apiSecretHash: await sha256Hex(partner.apiSecret),
      apiKeyRandomPart: partner.apiKey.replace(/^qash_key_live_/, ""),
      unseenApiSecret: unseen.apiSecret,
      unseenApiKeyRandomPart: unseen.apiKey.replace(/^qash_key_live_/, ""),
      qashAccessToken: qash.accessToken,
      qashAccessTokenSignature: qash.accessToken.split(".")[2] ?? "",
      qashRefreshToken: qash.refreshToken,
      sophicAccessToken: sophic,
      sophicAccessTokenSignature: sophic.split(".")[2] ?? "",
      adminToken: env.ADMIN_TOKEN,
      tokenSigningKey: realSigningKey,
      shortSigningKey: short_signing_key,
    };
    const leaked = Object.entries(secrets).filter(([, secret]) => secret.length > 0 && text.includes(secret));
    expect(leaked.map(([name]) => name)).toEqual([]);
  });
});

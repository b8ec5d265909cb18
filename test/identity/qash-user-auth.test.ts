import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, createPartner, createUser, partnerHeaders, qashSession, sophicToken, type QashSession } from "../support/fixtures";
import { nowSeconds, patchStatus, qashFetch, signedToken, unsignedToken, wrong_signing_key } from "./helpers";

const invalidToken = { success: false, message: "Invalid or expired token", code: "INVALID_TOKEN" };

function readMe(session: QashSession, token: string = session.accessToken): Promise<Response> {
  return qashFetch("/user/me", { headers: { ...partnerHeaders(session.partner), Authorization: `Bearer ${token}` } });
}

const claimsOf = (session: QashSession, overrides: Record<string, unknown> = {}) => ({
  sub: session.userId,
  pid: session.partner.id,
  aud: "qash-user",
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
  jti: crypto.randomUUID(),
  ...overrides,
});

async function expectInvalidToken(session: QashSession, token: string): Promise<void> {
  const response = await readMe(session, token);
  expect(response.status).toBe(401);
  const text = await response.text();
  expect(JSON.parse(text)).toEqual(invalidToken);
  expect(text).not.toContain(token);
}

describe("GET /api/v1/user/me", () => {
  it("answers the token's user", async () => {
    const session = await qashSession();
    const response = await qashFetch("/user/me", { headers: session.headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, data: { user: { id: session.userId, status: "active", userType: "personal" } } });
  });

  it("answers 401 MISSING_TOKEN without a bearer token", async () => {
    const session = await qashSession();
    const response = await qashFetch("/user/me", { headers: partnerHeaders(session.partner) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ success: false, message: "Authorization bearer token is required", code: "MISSING_TOKEN" });
  });

  it("answers 401 Invalid partner credentials to a token without partner headers", async () => {
    const session = await qashSession();
    const response = await qashFetch("/user/me", { headers: { Authorization: `Bearer ${session.accessToken}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ success: false, message: "Invalid partner credentials", code: "INVALID_CREDENTIALS" });
  });
});

describe("user token forgery", () => {
  it("rejects a token signed with another key", async () => {
    const session = await qashSession();
    await expectInvalidToken(session, await signedToken(claimsOf(session), wrong_signing_key));
  });

  it("rejects alg none", async () => {
    const session = await qashSession();
    await expectInvalidToken(session, unsignedToken(claimsOf(session)));
  });

  it("rejects alg none carrying a genuine signature", async () => {
    const session = await qashSession();
    const [, , signature] = session.accessToken.split(".");
    await expectInvalidToken(session, `${unsignedToken(claimsOf(session))}${signature}`);
  });

  it("rejects another HMAC algorithm even under the right key", async () => {
    const session = await qashSession();
    await expectInvalidToken(session, await signedToken(claimsOf(session), undefined, "HS512"));
  });

  it("rejects an expired token", async () => {
    const session = await qashSession();
    await expectInvalidToken(session, await signedToken(claimsOf(session, { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })));
  });

  it("rejects a token that never expires", async () => {
    const session = await qashSession();
    const { exp: _, ...claims } = claimsOf(session);
    await expectInvalidToken(session, await signedToken(claims));
  });

  it("rejects a token for another audience", async () => {
    const session = await qashSession();
    await expectInvalidToken(session, await signedToken(claimsOf(session, { aud: "sophic-client" })));
  });

  it("rejects a Sophic access token", async () => {
    const session = await qashSession();
    await expectInvalidToken(session, await sophicToken(session.partner));
  });

  it("rejects a tampered payload", async () => {
    const session = await qashSession();
    const other = await createUser(session.partner);
    const [header, , signature] = session.accessToken.split(".");
    const forgedPayload = unsignedToken(claimsOf(session, { sub: other.id })).split(".")[1];
    await expectInvalidToken(session, `${header}.${forgedPayload}.${signature}`);
  });

  it.each(["garbage", "a.b.c", "...", "x".repeat(5000)])("rejects the malformed token %#", async (token) => {
    const session = await qashSession();
    await expectInvalidToken(session, token);
  });
});

describe("user tokens and partners", () => {
  it("rejects partner A's token presented with partner B's credentials", async () => {
    const first = await qashSession();
    const second = await createPartner();
    const response = await qashFetch("/user/me", { headers: { ...partnerHeaders(second), Authorization: `Bearer ${first.accessToken}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(invalidToken);
  });

  it("rejects a genuine signature naming partner B over partner A's user", async () => {
    // Even a token we signed cannot reach a user outside the partner it names.
    const first = await qashSession();
    const second = await createPartner();
    const token = await signedToken(claimsOf(first, { pid: second.id }));
    const response = await qashFetch("/user/me", { headers: { ...partnerHeaders(second), Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(invalidToken);
  });
});

describe("status changes reach tokens already issued", () => {
  it.each(["suspended", "banned"])("answers 403 once the user is %s", async (status) => {
    const session = await qashSession();
    expect((await readMe(session)).status).toBe(200);
    expect((await patchStatus(session.partner, session.userId, status)).status).toBe(200);
    const response = await readMe(session);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ success: false, message: `User account is ${status}`, code: "FORBIDDEN" });
  });

  it("lets the same token back in once the user is active again", async () => {
    const session = await qashSession();
    await patchStatus(session.partner, session.userId, "suspended");
    expect((await readMe(session)).status).toBe(403);
    await patchStatus(session.partner, session.userId, "active");
    expect((await readMe(session)).status).toBe(200);
  });
});

describe("a verified token is remembered only for what it was verified for", () => {
  it("is refused once it expires, though it was accepted before", async () => {
    const session = await qashSession();
    const expiresAt = nowSeconds() + 2;
    const token = await signedToken(claimsOf(session, { exp: expiresAt }));
    expect((await readMe(session, token)).status).toBe(200);
    // Real time, not a fake clock: the Worker reads the same Date.now() the test does.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt * 1000 - Date.now()) + 50));
    await expectInvalidToken(session, token);
  });

  it("is refused for the other dialect after being accepted for its own", async () => {
    const session = await qashSession();
    expect((await readMe(session)).status).toBe(200);
    const response = await SELF.fetch(`${BASE}/accounts/1`, { headers: { Authorization: `Bearer ${session.accessToken}` } });
    expect(response.status).toBe(401);
  });

  it("is refused once the signing key changes", async () => {
    const session = await qashSession();
    expect((await readMe(session)).status).toBe(200);
    const bindings = env as { TOKEN_SIGNING_KEY: string };
    const signingKey = bindings.TOKEN_SIGNING_KEY;
    bindings.TOKEN_SIGNING_KEY = wrong_signing_key;
    try {
      await expectInvalidToken(session, session.accessToken);
    } finally {
      bindings.TOKEN_SIGNING_KEY = signingKey;
    }
    expect((await readMe(session)).status).toBe(200);
  });
});

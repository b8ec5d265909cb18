import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createPartner, createUser, partnerHeaders } from "../support/fixtures";
import { decodeSegment, issueQashToken, qashFetch, sha256Hex } from "./helpers";

const day_seconds = 24 * 60 * 60;

describe("POST /api/v1/partner/auth/token", () => {
  it("issues a one-hour user token and a refresh token", async () => {
    const partner = await createPartner();
    const user = await createUser(partner);
    const response = await issueQashToken(partner, user.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as { accessToken: string; refreshToken: string };
    expect(body).toEqual({
      success: true,
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      user: { id: user.id, email: user.email, status: "active", userType: "personal", roles: ["user"] },
    });
    expect(decodeSegment(body.accessToken, 0)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decodeSegment(body.accessToken, 1);
    expect(claims).toEqual({ sub: user.id, pid: partner.id, aud: "qash-user", iat: expect.any(Number), exp: expect.any(Number), jti: expect.any(String) });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(60 * 60);
  });

  it("stores the refresh token only as its SHA-256, for 30 days", async () => {
    const partner = await createPartner();
    const user = await createUser(partner);
    const { refreshToken } = (await (await issueQashToken(partner, user.id)).json()) as { refreshToken: string };
    const rows = await env.DB.prepare("SELECT * FROM refresh_tokens WHERE user_id = ?").bind(user.id).all<Record<string, string>>();
    expect(rows.results).toHaveLength(1);
    const row = rows.results[0] ?? {};
    expect(row.token_hash).toBe(await sha256Hex(refreshToken));
    expect(row.partner_id).toBe(partner.id);
    expect(Object.values(row)).not.toContain(refreshToken);
    const lifetimeSeconds = (Date.parse(row.expires_at ?? "") - Date.parse(row.created_at ?? "")) / 1000;
    expect(lifetimeSeconds).toBe(30 * day_seconds);
  });

  it("issues a fresh token every time", async () => {
    const partner = await createPartner();
    const user = await createUser(partner);
    const first = (await (await issueQashToken(partner, user.id)).json()) as Record<string, string>;
    const second = (await (await issueQashToken(partner, user.id)).json()) as Record<string, string>;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
  });

  it.each([
    ["no userId", {}],
    ["an empty userId", { userId: "" }],
    ["a blank userId", { userId: "   " }],
  ])("answers 400 userId is required for %s", async (_, body) => {
    const partner = await createPartner();
    const response = await qashFetch("/partner/auth/token", { method: "POST", headers: partnerHeaders(partner), body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, message: "userId is required", code: "MISSING_PARAM" });
  });

  it("answers 400 userId is required when there is no body at all", async () => {
    const partner = await createPartner();
    const { "Content-Type": _, ...headers } = partnerHeaders(partner);
    const response = await qashFetch("/partner/auth/token", { method: "POST", headers });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, message: "userId is required", code: "MISSING_PARAM" });
  });

  it("answers 401 Invalid partner credentials", async () => {
    const partner = await createPartner();
    const user = await createUser(partner);
    const response = await qashFetch("/partner/auth/token", {
      method: "POST",
      headers: { ...partnerHeaders(partner), "X-Api-Secret": "qash_secret_live_wrong" },
      body: { userId: user.id },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ success: false, message: "Invalid partner credentials", code: "INVALID_CREDENTIALS" });
  });

  it("answers 404 User not found", async () => {
    const partner = await createPartner();
    const response = await issueQashToken(partner, crypto.randomUUID());
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ success: false, message: "User not found", code: "NOT_FOUND" });
  });

  it.each(["pending", "suspended", "banned"] as const)("answers 403 User account is %s", async (status) => {
    const partner = await createPartner();
    const user = await createUser(partner, { status });
    const response = await issueQashToken(partner, user.id);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ success: false, message: `User account is ${status}`, code: "FORBIDDEN" });
  });
});

import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "../support/fixtures";
import { sha256Hex } from "./helpers";

function createPartnerRequest(headers: Record<string, string>, body: unknown = { name: "Acme" }): Promise<Response> {
  return SELF.fetch(`${BASE}/admin/partners`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const admin = { Authorization: `Bearer ${env.ADMIN_TOKEN}` };

describe("POST /admin/partners guard", () => {
  it("answers 401 unauthorized without an Authorization header", async () => {
    const response = await createPartnerRequest({});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: "unauthorized", detail: expect.any(String) });
  });

  it("answers 401 to a wrong token and does not echo it", async () => {
    const response = await createPartnerRequest({ Authorization: "Bearer guessed-admin-token" });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ code: "unauthorized", detail: expect.any(String) });
    expect(text).not.toContain("guessed-admin-token");
  });

  it("answers 401 to the right token under another scheme", async () => {
    const response = await createPartnerRequest({ Authorization: `Basic ${env.ADMIN_TOKEN}` });
    expect(response.status).toBe(401);
  });

  it("answers 401 to a token that only starts like the right one", async () => {
    const response = await createPartnerRequest({ Authorization: `Bearer ${env.ADMIN_TOKEN}x` });
    expect(response.status).toBe(401);
  });

  it("checks the token before the body", async () => {
    const response = await createPartnerRequest({}, {});
    expect(response.status).toBe(401);
  });
});

describe("POST /admin/partners", () => {
  it("creates a partner and shows its credentials once", async () => {
    const response = await createPartnerRequest(admin, { name: "Acme Payments" });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({
      id: expect.stringMatching(/^ptn_[0-9a-f]{32}$/),
      name: "Acme Payments",
      apiKey: expect.stringMatching(/^qash_key_live_[A-Za-z0-9_-]{43}$/),
      apiSecret: expect.stringMatching(/^qash_secret_live_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });

  it("stores the secret only as its SHA-256", async () => {
    const response = await createPartnerRequest(admin, { name: "Hash Check" });
    const body = (await response.json()) as Record<string, string>;
    const row = await env.DB.prepare("SELECT * FROM partners WHERE id = ?").bind(body.id).first<Record<string, string>>();
    expect(row).not.toBeNull();
    expect(row?.api_secret_hash).toBe(await sha256Hex(body.apiSecret ?? ""));
    expect(Object.values(row ?? {})).not.toContain(body.apiSecret);
  });

  it("gives every partner its own credentials", async () => {
    const first = (await (await createPartnerRequest(admin, { name: "Twin" })).json()) as Record<string, string>;
    const second = (await (await createPartnerRequest(admin, { name: "Twin" })).json()) as Record<string, string>;
    expect(second.id).not.toBe(first.id);
    expect(second.apiKey).not.toBe(first.apiKey);
    expect(second.apiSecret).not.toBe(first.apiSecret);
  });

  it("answers 400 missing_param without a name", async () => {
    const response = await createPartnerRequest(admin, {});
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "missing_param",
      detail: "name is required",
      params: [{ path: ["name"], detail: "name is required", code: "missing_param" }],
    });
  });

  it.each([[""], ["   "], ["x".repeat(256)], [42]])("answers 400 invalid_param for the name %j", async (name) => {
    const response = await createPartnerRequest(admin, { name });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid_param", params: [{ path: ["name"], code: "invalid_param" }] });
  });

  it("accepts a name of exactly 255 characters", async () => {
    const response = await createPartnerRequest(admin, { name: "x".repeat(255) });
    expect(response.status).toBe(201);
  });

  it("answers 400 to malformed JSON", async () => {
    const response = await SELF.fetch(`${BASE}/admin/partners`, {
      method: "POST",
      headers: { ...admin, "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid_request" });
  });
});

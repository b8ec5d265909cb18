import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, createPartner, qashSession, sophicHeaders, sophicToken } from "../support/fixtures";
import { nowSeconds, signedToken, unsignedToken, wrong_signing_key } from "./helpers";

function whoAmI(authorization?: string): Promise<Response> {
  return SELF.fetch(`${BASE}/auth/whoami`, { headers: authorization === undefined ? {} : { Authorization: authorization } });
}

const clientClaims = (partnerId: string, overrides: Record<string, unknown> = {}) => ({
  sub: partnerId,
  name: "Forged",
  aud: "sophic-client",
  scope: "",
  iat: nowSeconds(),
  exp: nowSeconds() + 900,
  ...overrides,
});

async function expectInvalidToken(token: string): Promise<void> {
  const response = await whoAmI(`Bearer ${token}`);
  expect(response.status).toBe(401);
  expect(response.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ code: "invalid_token", detail: "The access token is invalid or has expired" });
  expect(text).not.toContain(token);
}

describe("GET /auth/whoami (requireClient)", () => {
  it("answers the partner the token was issued to", async () => {
    const partner = await createPartner("Who Am I");
    const { headers } = await sophicHeaders(partner);
    const response = await SELF.fetch(`${BASE}/auth/whoami`, { headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ partner_id: partner.id, name: "Who Am I" });
  });

  it.each([
    ["no Authorization header", undefined],
    ["another scheme", "Basic abc"],
    ["an empty bearer", "Bearer "],
  ])("answers 401 missing_token with %s", async (_, authorization) => {
    const response = await whoAmI(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    expect(await response.json()).toEqual({ code: "missing_token", detail: expect.any(String) });
  });

  it("answers 401 invalid_token to garbage", async () => {
    await expectInvalidToken("not-a-token");
  });

  it("answers 401 invalid_token to a token signed with another key", async () => {
    const partner = await createPartner();
    await expectInvalidToken(await signedToken(clientClaims(partner.id), wrong_signing_key));
  });

  it("answers 401 invalid_token to alg none", async () => {
    const partner = await createPartner();
    await expectInvalidToken(unsignedToken(clientClaims(partner.id)));
  });

  it("answers 401 invalid_token to an expired token", async () => {
    const partner = await createPartner();
    await expectInvalidToken(await signedToken(clientClaims(partner.id, { iat: nowSeconds() - 1000, exp: nowSeconds() - 100 })));
  });

  it("answers 401 invalid_token to a token without a name claim", async () => {
    const partner = await createPartner();
    const { name: _, ...claims } = clientClaims(partner.id);
    await expectInvalidToken(await signedToken(claims));
  });

  it("answers 401 invalid_token to a Qash user token", async () => {
    const session = await qashSession();
    await expectInvalidToken(session.accessToken);
  });

  it("answers 401 invalid_token to a tampered token", async () => {
    const partner = await createPartner();
    const token = await sophicToken(partner);
    const [header, , signature] = token.split(".");
    const payload = unsignedToken(clientClaims("ptn_someone_else")).split(".")[1];
    await expectInvalidToken(`${header}.${payload}.${signature}`);
  });
});

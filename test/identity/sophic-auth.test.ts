import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, createPartner, type TestPartner } from "../support/fixtures";
import { decodeSegment } from "./helpers";

const form = "application/x-www-form-urlencoded";

function requestToken(body: string | Record<string, string>, headers: Record<string, string> = { "Content-Type": form }): Promise<Response> {
  return SELF.fetch(`${BASE}/auth/token`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : new URLSearchParams(body).toString(),
  });
}

const credentialsOf = (partner: TestPartner) => ({ grant_type: "client_credentials", client_id: partner.apiKey, client_secret: partner.apiSecret });
const basic = (id: string, secret: string) => `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

async function expectOAuthError(response: Response, status: number, error: string, partner?: TestPartner): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ error, error_description: expect.any(String) });
  if (partner !== undefined) expect(text).not.toContain(partner.apiSecret);
}

describe("POST /auth/token", () => {
  it("issues a 15-minute bearer token for form credentials", async () => {
    const partner = await createPartner("Sophic Client");
    const response = await requestToken(credentialsOf(partner));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as { access_token: string };
    expect(body).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 900, scope: "", refresh_token: null });
    expect(decodeSegment(body.access_token, 0)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decodeSegment(body.access_token, 1);
    expect(claims).toMatchObject({ sub: partner.id, name: "Sophic Client", aud: "sophic-client", scope: "" });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
  });

  it("accepts HTTP Basic client authentication", async () => {
    const partner = await createPartner();
    const response = await requestToken({ grant_type: "client_credentials" }, { "Content-Type": form, Authorization: basic(partner.apiKey, partner.apiSecret) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: "bearer", expires_in: 900 });
  });

  it("accepts a charset parameter on the content type", async () => {
    const partner = await createPartner();
    const response = await requestToken(credentialsOf(partner), { "Content-Type": `${form}; charset=UTF-8` });
    expect(response.status).toBe(200);
  });

  it("records the requested scopes, comma-separated as Sophic answers them", async () => {
    const partner = await createPartner();
    const response = await requestToken({ ...credentialsOf(partner), scope: "accounts deposits accounts" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ scope: "accounts,deposits" });
  });

  it.each([
    ["a JSON body", "application/json"],
    ["a multipart body", "multipart/form-data; boundary=x"],
    ["a text/plain body", "text/plain"],
  ])("answers 400 invalid_request to %s", async (_, contentType) => {
    const partner = await createPartner();
    const headers = { "Content-Type": contentType };
    const body = contentType === "application/json" ? JSON.stringify(credentialsOf(partner)) : new URLSearchParams(credentialsOf(partner)).toString();
    await expectOAuthError(await requestToken(body, headers), 400, "invalid_request", partner);
  });

  it.each([
    ["grant_type", "invalid_request"],
    ["client_id", "invalid_request"],
    ["client_secret", "invalid_request"],
  ] as const)("answers 400 %s when %s is missing", async (missing, error) => {
    const partner = await createPartner();
    const { [missing]: _, ...rest } = credentialsOf(partner);
    await expectOAuthError(await requestToken(rest), 400, error, partner);
  });

  it("answers 400 invalid_request to an empty body", async () => {
    await expectOAuthError(await requestToken(""), 400, "invalid_request");
  });

  it("answers 400 invalid_request to a repeated parameter", async () => {
    const partner = await createPartner();
    const body = `${new URLSearchParams(credentialsOf(partner)).toString()}&grant_type=client_credentials`;
    await expectOAuthError(await requestToken(body), 400, "invalid_request", partner);
  });

  it("answers 400 invalid_request to credentials in both the header and the body", async () => {
    const partner = await createPartner();
    const response = await requestToken(credentialsOf(partner), { "Content-Type": form, Authorization: basic(partner.apiKey, partner.apiSecret) });
    await expectOAuthError(response, 400, "invalid_request", partner);
  });

  it.each(["password", "authorization_code", "refresh_token"])("answers 400 unsupported_grant_type to %s", async (grantType) => {
    const partner = await createPartner();
    await expectOAuthError(await requestToken({ ...credentialsOf(partner), grant_type: grantType }), 400, "unsupported_grant_type", partner);
  });

  it("answers 400 invalid_scope to a malformed scope", async () => {
    const partner = await createPartner();
    await expectOAuthError(await requestToken({ ...credentialsOf(partner), scope: 'say "please"' }), 400, "invalid_scope", partner);
  });

  it("answers 401 invalid_client to a wrong secret, naming the Basic scheme", async () => {
    const partner = await createPartner();
    const response = await requestToken({ ...credentialsOf(partner), client_secret: `${partner.apiSecret}x` });
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic /);
    await expectOAuthError(response, 401, "invalid_client", partner);
  });

  it("answers 401 invalid_client to an unknown client id", async () => {
    const partner = await createPartner();
    await expectOAuthError(await requestToken({ ...credentialsOf(partner), client_id: "qash_key_live_nobody" }), 401, "invalid_client", partner);
  });

  it("answers 401 invalid_client to another partner's secret", async () => {
    const [first, second] = [await createPartner(), await createPartner()];
    await expectOAuthError(await requestToken({ ...credentialsOf(first), client_secret: second.apiSecret }), 401, "invalid_client");
  });

  it.each([
    ["a wrong Basic secret", (partner: TestPartner) => basic(partner.apiKey, "wrong")],
    ["malformed Basic credentials", () => "Basic %%%"],
    ["Basic credentials without a colon", (partner: TestPartner) => `Basic ${btoa(partner.apiKey)}`],
  ])("answers 401 invalid_client to %s", async (_, authorizationOf) => {
    const partner = await createPartner();
    const response = await requestToken({ grant_type: "client_credentials" }, { "Content-Type": form, Authorization: authorizationOf(partner) });
    await expectOAuthError(response, 401, "invalid_client", partner);
  });
});

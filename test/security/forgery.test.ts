import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, partnerHeaders } from "../support/fixtures";
import { partnerSnapshot } from "../support/partner-snapshot";
import { createPartnerWorld, type PartnerWorld } from "../support/partner-world";
import { qashForgeries, sophicForgeries, type Forgery } from "./forged-tokens";

// test/identity proves each forgery fails at the guards (/user/me, /auth/whoami); here each one is aimed at
// the routes that move or reveal money, and must leave the partner's money and history exactly as they were.

type Route = { name: string; method: string; path: (world: PartnerWorld) => string; body?: (world: PartnerWorld) => unknown };

const qashRoutes: Route[] = [
  { name: "POST /user/deposit", method: "POST", path: () => "/api/v1/user/deposit", body: (w) => ({ toAccountId: w.qashAccountId, amount: 500, currency: "MXN", provider: "p", description: "forged" }) },
  { name: "POST /user/accounts", method: "POST", path: () => "/api/v1/user/accounts", body: () => ({ description: "forged", asset: "MXN" }) },
  { name: "GET /user/balance", method: "GET", path: () => "/api/v1/user/balance" },
  { name: "GET /user/accounts", method: "GET", path: () => "/api/v1/user/accounts" },
  { name: "GET /user/transactions (account mode)", method: "GET", path: (w) => `/api/v1/user/transactions?accountId=${w.qashAccountId}&limit=10&offset=0` },
  { name: "GET /user/transactions/{id}", method: "GET", path: (w) => `/api/v1/user/transactions/${w.qashTransactionId}` },
];

const sophicRoutes: Route[] = [
  { name: "POST /accounts/{id}/deposits", method: "POST", path: (w) => `/accounts/${w.sophicAccountId}/deposits`, body: () => ({ amount: "10.00", currency: "EUR", request_advance: true }) },
  { name: "POST /accounts/{id}/deposits/{id}/cancel", method: "POST", path: (w) => `/accounts/${w.sophicAccountId}/deposits/${w.openDepositId}/cancel` },
  { name: "POST /inbound-payments (one that would match)", method: "POST", path: () => "/inbound-payments", body: (w) => ({ payment_reference: w.openReference, amount: w.openAmount, currency: "EUR" }) },
  { name: "POST /accounts", method: "POST", path: () => "/accounts", body: () => ({ name: "forged", base_currency: "EUR", funding_currencies: ["EUR"] }) },
  { name: "GET /accounts/{id}/cash-balances", method: "GET", path: (w) => `/accounts/${w.sophicAccountId}/cash-balances` },
  { name: "GET /accounts/{id}/deposits", method: "GET", path: (w) => `/accounts/${w.sophicAccountId}/deposits` },
  { name: "GET /events", method: "GET", path: () => "/events" },
];

const pairs = (routes: Route[], forgeries: Forgery[]) => routes.flatMap((route) => forgeries.map((forgery) => ({ route, forgery, label: `${route.name} with ${forgery.name}` })));

function send(world: PartnerWorld, route: Route, headers: Record<string, string>): Promise<Response> {
  const body = route.body?.(world);
  return SELF.fetch(`${BASE}${route.path(world)}`, { method: route.method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

describe("forged tokens on the money routes", () => {
  let world: PartnerWorld;
  let stranger: PartnerWorld;
  let baseline: string;

  beforeAll(async () => {
    [world, stranger] = [await createPartnerWorld(), await createPartnerWorld()];
    baseline = await partnerSnapshot(world);
  }, 60_000);

  async function expectUnchanged(): Promise<void> {
    const after = await partnerSnapshot(world);
    const expected = baseline;
    baseline = after;
    expect(after).toBe(expected);
  }

  it.each(pairs(qashRoutes, qashForgeries))("Qash $label -> 401 INVALID_TOKEN", async ({ route, forgery }) => {
    const token = await forgery.token(world, stranger);
    const response = await send(world, route, { ...partnerHeaders(world.partner), Authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ success: false, message: "Invalid or expired token", code: "INVALID_TOKEN" });
    expect(text).not.toContain(token);
    await expectUnchanged();
  });

  it.each(pairs(sophicRoutes, sophicForgeries))("Sophic $label -> 401 invalid_token", async ({ route, forgery }) => {
    const token = await forgery.token(world, stranger);
    const response = await send(world, route, { Authorization: `Bearer ${token}`, "Content-Type": "application/json" });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ code: "invalid_token", detail: "The access token is invalid or has expired" });
    expect(text).not.toContain(token);
    await expectUnchanged();
  });
});

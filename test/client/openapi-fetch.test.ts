// Both dialects through the client a partner generates from /openapi.json: openapi-fetch's createClient<paths>()
// over src/openapi-types.ts (openapi-typescript's output, held to the served document by test/e2e). If the
// document's paths, parameters or bodies drift from what the Worker serves, this file stops type-checking
// (`npm run typecheck`) or fails; every answer is held to the document too.
import { env } from "cloudflare:test";
import createClient, { type Client } from "openapi-fetch";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { paths } from "../../src/openapi-types";
import { BASE } from "../support/fixtures";
import { project } from "../support/ledger";
import { documentedFetch, fetchDocument } from "../support/openapi";

let ledger: Client<paths>;
beforeAll(async () => {
  ledger = createClient<paths>({ baseUrl: BASE, fetch: documentedFetch(await fetchDocument()) });
});

async function createPartner(name: string) {
  const { data, error } = await ledger.POST("/admin/partners", { body: { name }, headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
  if (data === undefined) throw new Error(`creating a partner: ${JSON.stringify(error)}`);
  // Only a replayed answer withholds the secret; this was the first.
  if (data.apiSecret === null) throw new Error("a new partner came without its secret");
  return { apiKey: data.apiKey, apiSecret: data.apiSecret };
}

describe("the Qash dialect through openapi-fetch", () => {
  it("registers and approves a user, issues a token, opens an account, deposits under a key and replays it, reads balance and history", async () => {
    const partner = await createPartner("openapi-fetch (Qash)");
    const partnerHeaders = { "X-Api-Key": partner.apiKey, "X-Api-Secret": partner.apiSecret };

    const registered = await ledger.POST("/api/v1/partner/users", {
      body: { userType: "personal", email: `ana-${crypto.randomUUID()}@example.com`, countryCode: "MX" },
      headers: partnerHeaders,
    });
    if (registered.data === undefined) throw new Error(`register: ${JSON.stringify(registered.error)}`);
    const userId = registered.data.data.user.id;
    expect(registered.data.data.user.status).toBe("pending");

    const approved = await ledger.PATCH("/api/v1/partner/users/{userId}", { params: { path: { userId } }, body: { status: "active" }, headers: partnerHeaders });
    expect(approved.data?.data.user.status).toBe("active");

    const issued = await ledger.POST("/api/v1/partner/auth/token", { body: { userId }, headers: partnerHeaders });
    if (issued.data === undefined) throw new Error(`token: ${JSON.stringify(issued.error)}`);
    const headers = { ...partnerHeaders, Authorization: `Bearer ${issued.data.accessToken}` };

    const opened = await ledger.POST("/api/v1/user/accounts", { body: { description: "Wallet", asset: "MXN" }, headers });
    if (opened.data === undefined) throw new Error(`open: ${JSON.stringify(opened.error)}`);
    const accountId = opened.data.id;
    expect(opened.data).toEqual({ id: accountId, description: "Wallet", asset: "MXN", type: "LIABILITY", balance: 0 });

    const key = `topup-${crypto.randomUUID()}`;
    const deposit = () =>
      ledger.POST("/api/v1/user/deposit", {
        params: { header: { "Idempotency-Key": key } },
        body: { toAccountId: accountId, amount: 100000, currency: "MXN", provider: "irisbank", description: "Top-up via IrisBank" },
        headers,
      });
    const first = await deposit();
    if (first.data === undefined) throw new Error(`deposit: ${JSON.stringify(first.error)}`);
    expectTypeOf(first.data.status).toEqualTypeOf<"COMPLETED">();
    expect(first.data).toMatchObject({ status: "COMPLETED", amount: 100000, description: "Top-up via IrisBank" });
    expect(first.response.headers.get("Idempotent-Replayed")).toBeNull();

    const replay = await deposit();
    expect(replay.data).toEqual(first.data);
    expect(replay.response.headers.get("Idempotent-Replayed")).toBe("true");

    // The same key with another body is refused, in Qash's envelope, and typed as such.
    const conflict = await ledger.POST("/api/v1/user/deposit", {
      params: { header: { "Idempotency-Key": key } },
      body: { toAccountId: accountId, amount: 1, currency: "MXN", provider: "irisbank", description: "Another" },
      headers,
    });
    expect(conflict.response.status).toBe(409);
    expectTypeOf(conflict.error).toEqualTypeOf<{ success: false; message: string; code: string } | undefined>();
    expect(conflict.error?.code).toBe("IDEMPOTENCY_KEY_CONFLICT");

    const balances = await ledger.GET("/api/v1/user/balance", { params: { query: { page: 1, limit: 20 } }, headers });
    expect(balances.data?.items).toEqual([{ id: accountId, description: "Wallet", asset: "MXN", balance: 100000, type: "LIABILITY" }]);

    // History is projected to D1 after the answer; drain the account's outbox rather than sleep.
    await project(accountId);
    const history = await ledger.GET("/api/v1/user/transactions", { params: { query: { accountId, limit: 20, offset: 0 } }, headers });
    if (history.data === undefined) throw new Error(`transactions: ${JSON.stringify(history.error)}`);
    expect(history.data.items).toHaveLength(1);
    expect(history.data.items[0]).toMatchObject({ id: first.data.id, accountId, amount: 100000, currency: "MXN", status: "COMPLETED" });
  });
});

describe("the Sophic dialect through openapi-fetch", () => {
  it("issues a token, advances a deposit, funds it by reference, and reads cash balances and the events feed", async () => {
    const partner = await createPartner("openapi-fetch (Sophic)");
    const issued = await ledger.POST("/auth/token", {
      body: { grant_type: "client_credentials", client_id: partner.apiKey, client_secret: partner.apiSecret },
      // openapi-fetch form-encodes the body for this media type.
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    if (issued.data === undefined) throw new Error(`token: ${JSON.stringify(issued.error)}`);
    expect(issued.data.token_type).toBe("bearer");
    const headers = { Authorization: `Bearer ${issued.data.access_token}` };

    const opened = await ledger.POST("/accounts", { body: { name: "Brokerage", base_currency: "EUR", funding_currencies: ["EUR"] }, headers });
    if (opened.data === undefined) throw new Error(`open: ${JSON.stringify(opened.error)}`);
    const account_id = opened.data.id;

    const created = await ledger.POST("/accounts/{account_id}/deposits", {
      params: { path: { account_id }, header: { "Idempotency-Key": crypto.randomUUID() } },
      body: { amount: "100.00", currency: "EUR", request_advance: true },
      headers,
    });
    if (created.data === undefined) throw new Error(`deposit: ${JSON.stringify(created.error)}`);
    const deposit = created.data;
    expectTypeOf(deposit.status).toEqualTypeOf<"open" | "completed" | "canceled">();
    expect(deposit).toMatchObject({ account: account_id, amount: "100.00", currency: "EUR", was_advanced: true, status: "open" });

    const cashBalances = async () => (await ledger.GET("/accounts/{account_id}/cash-balances", { params: { path: { account_id } }, headers })).data;
    expect(await cashBalances()).toEqual([{ currency: "EUR", total: "100.00", available_for_trading: "100.00", available_for_withdrawal: "0.00", reserved: "0.00" }]);

    const reported = await ledger.POST("/inbound-payments", { body: { payment_reference: deposit.payment_reference, amount: "100.00", currency: "EUR" }, headers });
    expect(reported.data).toMatchObject({ status: "matched", deposits: [deposit.id] });

    const read = await ledger.GET("/accounts/{account_id}/deposits/{deposit_id}", { params: { path: { account_id, deposit_id: deposit.id } }, headers });
    expect(read.data?.status).toBe("completed");
    expect(await cashBalances()).toEqual([{ currency: "EUR", total: "100.00", available_for_trading: "100.00", available_for_withdrawal: "100.00", reserved: "0.00" }]);

    // A plain deposit, leaving out request_advance as the document allows (its default is false).
    const plain = await ledger.POST("/accounts/{account_id}/deposits", { params: { path: { account_id } }, body: { amount: "5.00", currency: "EUR" }, headers });
    expect(plain.data).toMatchObject({ was_advanced: false, status: "open" });

    await project(Number(account_id));
    const feed = await ledger.GET("/events", { params: { query: { after: 0, limit: 100 } }, headers });
    if (feed.data === undefined) throw new Error(`events: ${JSON.stringify(feed.error)}`);
    const story = feed.data.filter((event) => event.resource.id === deposit.id).map((event) => event.name);
    expect(story).toEqual(expect.arrayContaining(["deposit.created", "deposit.completed"]));
    expect(feed.data.map((event) => event.name)).toContain("inbound_payment.matched");
  });
});

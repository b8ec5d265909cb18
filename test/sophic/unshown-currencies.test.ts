// An account a Qash user opened in a currency outside the vendor's enum (MXN, COP, USDC) cannot be shown in
// the Sophic dialect: every route scoped to it answers 422 currency_not_supported, after the same 404 as
// ever for a caller who may not see it. The events feed shows such an account as Qash answered it.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readAllEvents, projectAll } from "../events/helpers";
import { BASE, qashSession, type QashSession } from "../support/fixtures";
import { deposit, ledgerState, openQashAccount } from "../support/ledger";
import { assertVendor } from "../support/sophic-schema";
import { cashBalances, expectSophicError, expectVendorBody, openAccount, sophicClient, sophicFetch, type Account, type SophicClient } from "../support/sophic";

type Route = [name: string, path: (accountId: string) => string];

/** Every Sophic read scoped to an account, each of which would show the account's currency. */
const account_routes: Route[] = [
  ["GET /accounts/{id}", (a) => `/accounts/${a}`],
  ["GET /accounts/{id}/cash-balances", (a) => `/accounts/${a}/cash-balances`],
  ["GET /accounts/{id}/transactions", (a) => `/accounts/${a}/transactions`],
  ["GET /accounts/{id}/transactions?transaction_types=withdrawal", (a) => `/accounts/${a}/transactions?transaction_types=withdrawal`],
  ["GET /accounts/{id}/deposits", (a) => `/accounts/${a}/deposits`],
  ["GET /accounts/{id}/deposits/{id}", (a) => `/accounts/${a}/deposits/999999999999`],
];

const unshown = ["MXN", "COP", "USDC"] as const;

/** A Qash user's account in `asset`, with one credit in it, readable by the partner's Sophic client. */
async function qashAccountIn(asset: string): Promise<{ session: QashSession; client: SophicClient; accountId: number }> {
  const session = await qashSession();
  const accountId = await openQashAccount(session, asset, `Wallet in ${asset}`);
  expect((await deposit(session, { toAccountId: accountId, amount: 4_200, currency: asset })).status).toBe(200);
  return { session, client: await sophicClient(session.partner), accountId };
}

describe("a Qash account in a currency the vendor's enum lacks", () => {
  it.each(unshown)("answers 422 currency_not_supported on every account route for %s, and changes nothing", async (asset) => {
    const { session, client, accountId } = await qashAccountIn(asset);
    const before = await ledgerState(session, accountId);
    for (const [name, path] of account_routes) {
      const error = await expectSophicError(await sophicFetch(client, "GET", path(String(accountId))), 422, "currency_not_supported");
      expect(error, name).toEqual({ code: "currency_not_supported", detail: expect.stringContaining(asset) });
      expect(error.detail, name).toMatch(/cannot be shown in the Sophic dialect.*Qash/);
    }
    expect(await ledgerState(session, accountId)).toEqual(before);
    // The Qash dialect still shows it as it is.
    const balance = await SELF.fetch(`${BASE}/api/v1/user/balance`, { headers: session.headers });
    expect(await balance.json()).toMatchObject({ items: [{ id: accountId, asset, balance: 4_200 }] });
  });

  it.each(account_routes)("%s: another partner, or no account at all, still answers the same 404", async (_name, path) => {
    const { accountId } = await qashAccountIn("MXN");
    const stranger = await sophicClient();
    const foreign = await expectSophicError(await sophicFetch(stranger, "GET", path(String(accountId))), 404, "not_found");
    const missing = await expectSophicError(await sophicFetch(stranger, "GET", path("999999999998")), 404, "not_found");
    expect(foreign).toEqual(missing);
  });

  it("leaves a deposit into it refused as before: the account funds no currency this dialect accepts", async () => {
    const { session, client, accountId } = await qashAccountIn("MXN");
    const before = await ledgerState(session, accountId);
    const body = { amount: "10.00", currency: "EUR", request_advance: true };
    const error = await expectSophicError(await sophicFetch(client, "POST", `/accounts/${accountId}/deposits`, body), 400, "currency_not_supported");
    expect(error.params?.[0]?.path).toEqual(["currency"]);
    await expectSophicError(await sophicFetch(client, "POST", `/accounts/${accountId}/deposits/999999999999/cancel`), 404, "not_found");
    expect(await ledgerState(session, accountId)).toEqual(before);
  });

  it.each(["EUR", "USD", "GBP"])("still shows a Qash account in %s, in the vendor's shapes", async (asset) => {
    const { client, accountId } = await qashAccountIn(asset);
    const account = await expectVendorBody<Account>(await sophicFetch(client, "GET", `/accounts/${accountId}`), 200, "Account");
    expect(account).toMatchObject({ base_currency: asset, funding_currencies: [asset], has_deposited: true });
    expect(await cashBalances(client, String(accountId))).toEqual([{ currency: asset, total: "42.00", available_for_trading: "42.00", available_for_withdrawal: "42.00", reserved: "0.00" }]);
  });
});

describe("the events feed", () => {
  it("shows an account opened through Qash as Qash answered it, and a Sophic one in the vendor's Account shape", async () => {
    const session = await qashSession();
    const opened = await SELF.fetch(`${BASE}/api/v1/user/accounts`, { method: "POST", headers: session.headers, body: JSON.stringify({ description: "Pesos", asset: "MXN" }) });
    expect(opened.status).toBe(201);
    const qashAnswer = await opened.json<{ id: number }>();
    const client = await sophicClient(session.partner);
    const sophicAccount = await openAccount(client, { base_currency: "GBP", funding_currencies: ["GBP"] });
    await projectAll([qashAnswer.id, sophicAccount.id]);

    const created = (await readAllEvents(client, 100)).filter((event) => event.name === "account.created");
    const ofQash = created.find((event) => event.resource.id === String(qashAnswer.id));
    expect(ofQash).toMatchObject({ resource: { id: String(qashAnswer.id), resource_type: "account" } });
    expect(ofQash?.data).toEqual(qashAnswer);
    const ofSophic = created.find((event) => event.resource.id === sophicAccount.id);
    assertVendor("Account", ofSophic?.data);
    expect(ofSophic?.data).toEqual(sophicAccount);
    expect(created).toHaveLength(2);
  });
});

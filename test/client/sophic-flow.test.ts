// One whole Sophic integration through the typed client (hono/client over `App`): a deposit advanced,
// funded by a reported payment, completed, and visible in cash balances and the events feed.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { clientCredentials, createClient, type LedgerClient } from "../../src/client";
import { BASE } from "../support/fixtures";
import { project } from "../support/ledger";
import { documentedFetch, fetchDocument } from "../support/openapi";

// Every answer the flow meets is also held to /openapi.json: its status declared, its body valid.
let ledger: LedgerClient;
beforeAll(async () => {
  ledger = createClient(BASE, { fetch: documentedFetch(await fetchDocument()) });
});

async function bearerFor(name: string): Promise<Record<string, string>> {
  const created = await ledger.admin.partners.$post({ json: { name } }, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
  if (created.status !== 201) throw new Error(`creating a partner answered ${created.status}: ${await created.text()}`);
  const partner = await created.json();
  if (partner.apiSecret === null) throw new Error("a new partner came without its secret");
  const issued = await ledger.auth.token.$post(undefined, clientCredentials(partner.apiKey, partner.apiSecret));
  if (issued.status !== 200) throw new Error(`token: ${issued.status} ${await issued.text()}`);
  const token = await issued.json();
  expect(token.token_type).toBe("bearer");
  return { Authorization: `Bearer ${token.access_token}` };
}

describe("the Sophic dialect through the typed client", () => {
  it("opens an account, advances a deposit, funds it by reference, and sees it completed", async () => {
    const headers = await bearerFor("Typed client (Sophic)");

    const opened = await ledger.accounts.$post({ json: { name: "Brokerage", base_currency: "EUR", funding_currencies: ["EUR"] } }, { headers });
    if (opened.status !== 201) throw new Error(`open: ${opened.status} ${await opened.text()}`);
    const account = await opened.json();
    const param = { account_id: account.id };

    const created = await ledger.accounts[":account_id"].deposits.$post({ param, json: { amount: "100.00", currency: "EUR", request_advance: true } }, { headers });
    if (created.status !== 201) throw new Error(`deposit: ${created.status} ${await created.text()}`);
    const deposit = await created.json();
    expectTypeOf(deposit.status).toEqualTypeOf<"open" | "completed" | "canceled">();
    expect(deposit).toMatchObject({ account: account.id, amount: "100.00", currency: "EUR", was_advanced: true, status: "open" });

    const advanced = await ledger.accounts[":account_id"]["cash-balances"].$get({ param }, { headers });
    if (advanced.status !== 200) throw new Error(`cash balances: ${advanced.status}`);
    expect(await advanced.json()).toEqual([{ currency: "EUR", total: "100.00", available_for_trading: "100.00", available_for_withdrawal: "0.00", reserved: "0.00" }]);

    const reported = await ledger["inbound-payments"].$post({ json: { payment_reference: deposit.payment_reference, amount: "100.00", currency: "EUR" } }, { headers });
    if (reported.status !== 201) throw new Error(`payment: ${reported.status} ${await reported.text()}`);
    expect(await reported.json()).toMatchObject({ status: "matched", deposits: [deposit.id] });

    const read = await ledger.accounts[":account_id"].deposits[":deposit_id"].$get({ param: { ...param, deposit_id: deposit.id } }, { headers });
    if (read.status !== 200) throw new Error(`read deposit: ${read.status}`);
    const completed = await read.json();
    expect(completed.status).toBe("completed");
    expect(completed.completed_at).not.toBeNull();

    const settled = await ledger.accounts[":account_id"]["cash-balances"].$get({ param }, { headers });
    if (settled.status !== 200) throw new Error(`cash balances: ${settled.status}`);
    expect(await settled.json()).toEqual([{ currency: "EUR", total: "100.00", available_for_trading: "100.00", available_for_withdrawal: "100.00", reserved: "0.00" }]);

    await project(Number(account.id));
    const activity = await ledger.accounts[":account_id"].transactions.$get({ param, query: { limit: "20" } }, { headers });
    if (activity.status !== 200) throw new Error(`transactions: ${activity.status}`);
    expect((await activity.json()).map((transaction) => [transaction.transaction_type, transaction.cash_amount])).toEqual([["deposit", "100.00"]]);
  });

  it("reads the deposit's story from the events feed", async () => {
    const headers = await bearerFor("Typed client (events)");
    const opened = await ledger.accounts.$post({ json: { name: "Feed", base_currency: "EUR", funding_currencies: ["EUR"] } }, { headers });
    if (opened.status !== 201) throw new Error(`open: ${opened.status}`);
    const account = await opened.json();
    const created = await ledger.accounts[":account_id"].deposits.$post({ param: { account_id: account.id }, json: { amount: "25.00", currency: "EUR" } }, { headers });
    if (created.status !== 201) throw new Error(`deposit: ${created.status}`);
    const deposit = await created.json();
    await ledger["inbound-payments"].$post({ json: { payment_reference: deposit.payment_reference, amount: "25.00", currency: "EUR" } }, { headers });
    await project(Number(account.id));

    const feed = await ledger.events.$get({ query: { after: "0", limit: "100" } }, { headers });
    if (feed.status !== 200) throw new Error(`events: ${feed.status} ${await feed.text()}`);
    const names = (await feed.json()).filter((event) => event.resource.id === deposit.id).map((event) => event.name);
    expect(names).toEqual(expect.arrayContaining(["deposit.created", "deposit.completed"]));
  });
});

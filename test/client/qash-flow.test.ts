// One whole Qash integration through the typed client (hono/client over `App`): if a route's declared
// input or output drifts from what partners were told, this file stops compiling or fails.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createClient, type LedgerClient } from "../../src/client";
import { BASE } from "../support/fixtures";
import { project } from "../support/ledger";
import { documentedFetch, fetchDocument } from "../support/openapi";

// Every answer the flow meets is also held to /openapi.json: its status declared, its body valid.
let ledger: LedgerClient;
beforeAll(async () => {
  ledger = createClient(BASE, { fetch: documentedFetch(await fetchDocument()) });
});

async function provisionPartner() {
  const response = await ledger.admin.partners.$post({ json: { name: "Typed client (Qash)" } }, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
  if (response.status !== 201) throw new Error(`creating a partner answered ${response.status}: ${await response.text()}`);
  const partner = await response.json();
  // Only a replayed answer withholds the secret; this was the first.
  if (partner.apiSecret === null) throw new Error("a new partner came without its secret");
  return { ...partner, apiSecret: partner.apiSecret };
}

describe("the Qash dialect through the typed client", () => {
  it("registers and approves a user, issues a token, opens an account, deposits, and reads balance and history", async () => {
    const partner = await provisionPartner();
    const partnerHeaders = { "X-Api-Key": partner.apiKey, "X-Api-Secret": partner.apiSecret };

    const registered = await ledger.api.v1.partner.users.$post(
      { json: { userType: "personal", email: `ana-${crypto.randomUUID()}@example.com`, countryCode: "MX" } },
      { headers: partnerHeaders },
    );
    expect(registered.status).toBe(201);
    if (registered.status !== 201) return;
    const { user } = (await registered.json()).data;
    expect(user.status).toBe("pending");

    const approved = await ledger.api.v1.partner.users[":userId"].$patch({ param: { userId: user.id }, json: { status: "active" } }, { headers: partnerHeaders });
    expect(approved.status).toBe(200);

    const issued = await ledger.api.v1.partner.auth.token.$post({ json: { userId: user.id } }, { headers: partnerHeaders });
    if (issued.status !== 200) throw new Error(`token: ${issued.status} ${await issued.text()}`);
    const { accessToken } = await issued.json();
    const userHeaders = { ...partnerHeaders, Authorization: `Bearer ${accessToken}` };

    const opened = await ledger.api.v1.user.accounts.$post({ json: { description: "Wallet", asset: "MXN" } }, { headers: userHeaders });
    if (opened.status !== 201) throw new Error(`open: ${opened.status} ${await opened.text()}`);
    const account = await opened.json();
    expect(account).toMatchObject({ description: "Wallet", asset: "MXN", type: "LIABILITY", balance: 0 });

    const deposited = await ledger.api.v1.user.deposit.$post(
      { json: { toAccountId: account.id, amount: 100000, currency: "MXN", provider: "irisbank", description: "Top-up via IrisBank" } },
      { headers: { ...userHeaders, "Idempotency-Key": `topup-${crypto.randomUUID()}` } },
    );
    if (deposited.status !== 200) throw new Error(`deposit: ${deposited.status} ${await deposited.text()}`);
    const receipt = await deposited.json();
    expectTypeOf(receipt.status).toEqualTypeOf<"COMPLETED">();
    expect(receipt).toMatchObject({ status: "COMPLETED", amount: 100000, description: "Top-up via IrisBank" });

    const balances = await ledger.api.v1.user.balance.$get({ query: { page: "1", limit: "20" } }, { headers: userHeaders });
    if (balances.status !== 200) throw new Error(`balance: ${balances.status}`);
    const balanceList = await balances.json();
    expect(balanceList.items).toEqual([{ id: account.id, description: "Wallet", asset: "MXN", balance: 100000, type: "LIABILITY" }]);
    expect(balanceList.meta.totalItems).toBe(1);

    // History is projected to D1 after the answer; drain the account's outbox rather than sleep.
    await project(account.id);
    const history = await ledger.api.v1.user.transactions.$get({ query: { accountId: String(account.id), limit: "20", offset: "0" } }, { headers: userHeaders });
    if (history.status !== 200) throw new Error(`transactions: ${history.status}`);
    const page = await history.json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: receipt.id, accountId: account.id, amount: 100000, currency: "MXN", status: "COMPLETED", provider: "irisbank" });

    const one = await ledger.api.v1.user.transactions[":id"].$get({ param: { id: String(receipt.id) } }, { headers: userHeaders });
    expect(one.status).toBe(200);
    if (one.status === 200) expect((await one.json()).id).toBe(receipt.id);
  });

  it("types the documented errors too: wrong partner credentials are a typed 401 in Qash's envelope", async () => {
    const partner = await provisionPartner();
    const headers = { "X-Api-Key": partner.apiKey, "X-Api-Secret": "not-the-secret" };
    const refused = await ledger.api.v1.user.deposit.$post({ json: { toAccountId: 1, amount: 1, currency: "MXN", provider: "irisbank", description: "x" } }, { headers });
    expect(refused.status).toBe(401);
    if (refused.status === 401) {
      const body = await refused.json();
      expectTypeOf(body.success).toEqualTypeOf<false>();
      expect(body).toEqual({ success: false, message: "Invalid partner credentials", code: "INVALID_CREDENTIALS" });
    }
  });
});

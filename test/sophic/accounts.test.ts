import { describe, expect, it } from "vitest";
import { qashSession } from "../support/fixtures";
import { deposit, openQashAccount } from "../support/ledger";
import { expectSophicError, expectVendorBody, openAccount, sophicClient, sophicFetch, zeroBalance, type Account, cashBalances } from "../support/sophic";

describe("POST /accounts (ext)", () => {
  it("opens an account in the vendor's Account shape, with string ids and the vendor's flags", async () => {
    const client = await sophicClient();
    const account = await openAccount(client, { name: "Jane Doe", base_currency: "EUR", funding_currencies: ["EUR", "USD"], reference: "customer-42" });
    expect(account).toEqual({
      id: expect.stringMatching(/^[1-9][0-9]*$/),
      reference: "customer-42",
      name: "Jane Doe",
      bank_payment_reference: account.id.padStart(10, "0"),
      status: "active",
      base_currency: "EUR",
      funding_currencies: ["EUR", "USD"],
      can_deposit: true,
      can_withdraw: false,
      can_place_buy_order: false,
      can_place_sell_order: false,
      has_deposited: false,
      has_withdrawn: false,
      has_placed_buy_order: false,
      has_placed_sell_order: false,
      is_primary_owner_mifid_pro: false,
      created_at: expect.any(String),
      modified_at: account.created_at,
    });
    const read = await expectVendorBody<Account>(await sophicFetch(client, "GET", `/accounts/${account.id}`), 200, "Account");
    expect(read).toEqual(account);
  });

  it("generates a reference when none is given", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    expect(account.reference).toBe(`ACC-${account.bank_payment_reference}`);
  });

  it("starts with one zero cash balance per funding currency", async () => {
    const client = await sophicClient();
    const account = await openAccount(client, { funding_currencies: ["GBP", "EUR"] });
    expect(await cashBalances(client, account.id)).toEqual([zeroBalance("GBP"), zeroBalance("EUR")]);
  });

  it.each([
    ["a missing name", { base_currency: "EUR", funding_currencies: ["EUR"] }, 400, "missing_param", ["name"]],
    ["an empty name", { name: "  ", base_currency: "EUR", funding_currencies: ["EUR"] }, 400, "invalid_param", ["name"]],
    ["no funding currency", { name: "A", base_currency: "EUR", funding_currencies: [] }, 400, "invalid_param", ["funding_currencies"]],
    ["four funding currencies", { name: "A", base_currency: "EUR", funding_currencies: ["EUR", "USD", "GBP", "EUR"] }, 400, "invalid_param", ["funding_currencies"]],
    ["a repeated funding currency", { name: "A", base_currency: "EUR", funding_currencies: ["EUR", "EUR"] }, 400, "invalid_param", ["funding_currencies"]],
    ["a ledger currency outside the vendor's enum", { name: "A", base_currency: "EUR", funding_currencies: ["EUR", "MXN"] }, 400, "currency_not_supported", ["funding_currencies", 1]],
    ["an unknown base currency", { name: "A", base_currency: "XYZ", funding_currencies: ["EUR"] }, 400, "currency_not_supported", ["base_currency"]],
    ["a number for a name", { name: 5, base_currency: "EUR", funding_currencies: ["EUR"] }, 400, "invalid_param", ["name"]],
  ])("refuses %s", async (_what, body, status, code, path) => {
    const client = await sophicClient();
    const error = await expectSophicError(await sophicFetch(client, "POST", "/accounts", body), status, code);
    expect(error.params?.[0]?.path).toEqual(path);
  });

  it("refuses malformed JSON in the vendor's Error shape", async () => {
    const client = await sophicClient();
    await expectSophicError(await sophicFetch(client, "POST", "/accounts", "{not json"), 400, "invalid_request");
  });

  it("replays an Idempotency-Key and refuses it with another body", async () => {
    const client = await sophicClient();
    const body = { name: "Replay", base_currency: "USD", funding_currencies: ["USD"] };
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const first = await expectVendorBody<Account>(await sophicFetch(client, "POST", "/accounts", body, key), 201, "Account");
    const replay = await sophicFetch(client, "POST", "/accounts", body, key);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await expectVendorBody<Account>(replay, 201, "Account")).toEqual(first);
    await expectSophicError(await sophicFetch(client, "POST", "/accounts", { ...body, name: "Other" }, key), 409, "idempotency_key_conflict");
  });

  it("requires the client's bearer token", async () => {
    const client = await sophicClient();
    const response = await sophicFetch({ ...client, headers: { "Content-Type": "application/json" } }, "POST", "/accounts", { name: "A", base_currency: "EUR", funding_currencies: ["EUR"] });
    await expectSophicError(response, 401, "missing_token");
  });
});

describe("GET /accounts/{account_id}", () => {
  it("reads an account a Qash user of the same partner opened: one ledger, two views", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session, "USD", "Savings");
    const client = await sophicClient(session.partner);
    const before = await expectVendorBody<Account>(await sophicFetch(client, "GET", `/accounts/${accountId}`), 200, "Account");
    expect(before).toMatchObject({
      id: String(accountId),
      name: "Savings",
      base_currency: "USD",
      funding_currencies: ["USD"],
      bank_payment_reference: String(accountId).padStart(10, "0"),
      reference: `ACC-${String(accountId).padStart(10, "0")}`,
      has_deposited: false,
      can_deposit: true,
    });
    expect((await deposit(session, { toAccountId: accountId, amount: 2_500, currency: "USD" })).status).toBe(200);
    const after = await expectVendorBody<Account>(await sophicFetch(client, "GET", `/accounts/${accountId}`), 200, "Account");
    expect(after.has_deposited).toBe(true);
    expect(await cashBalances(client, accountId.toString())).toEqual([
      { currency: "USD", total: "25.00", available_for_trading: "25.00", available_for_withdrawal: "25.00", reserved: "0.00" },
    ]);
  });

  it.each(["999999999999", "0", "01", "abc", "1e3", "-1", "12345678901234567890"])("answers 404 not_found for the id %s", async (id) => {
    const client = await sophicClient();
    await expectSophicError(await sophicFetch(client, "GET", `/accounts/${id}`), 404, "not_found");
  });

  it("answers 404 for another partner's account, exactly as for a missing one", async () => {
    const owner = await sophicClient();
    const stranger = await sophicClient();
    const account = await openAccount(owner);
    const foreign = await expectSophicError(await sophicFetch(stranger, "GET", `/accounts/${account.id}`), 404, "not_found");
    const missing = await expectSophicError(await sophicFetch(stranger, "GET", "/accounts/999999999999"), 404, "not_found");
    expect(foreign).toEqual(missing);
  });
});

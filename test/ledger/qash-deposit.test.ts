import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { deposit_amount_minor_max } from "../../src/config/limits";
import { BASE, qashSession } from "../support/fixtures";
import { balanceOf, deposit, historyRows, journalCheck, openQashAccount, project } from "../support/ledger";

describe("POST /api/v1/user/deposit", () => {
  it("credits the account at once and answers the seed's 200 COMPLETED", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session, "MXN");
    const response = await deposit(session, {
      toAccountId: accountId,
      amount: 100_000,
      currency: "MXN",
      provider: "irisbank",
      description: "Top-up via IrisBank",
      metadata: { payer: { documentType: "RFC", documentNumber: "XAXX010101000" } },
    });
    expect(response.status).toBe(200);
    const body = await response.json<{ id: number; status: string; amount: number; description: string }>();
    expect(body).toEqual({ id: expect.any(Number), status: "COMPLETED", amount: 100_000, description: "Top-up via IrisBank" });
    expect(Number.isSafeInteger(body.id)).toBe(true);
    expect(await balanceOf(session, accountId)).toBe(100_000);
  });

  it("journals two balanced legs per deposit and projects them to D1", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    for (const amount of [1, 250, 99_999]) expect((await deposit(session, { toAccountId: accountId, amount })).status).toBe(200);
    expect(await project(accountId)).toBe(0);
    expect(await journalCheck(accountId)).toEqual({ accountId, entries: 6, mismatches: [] });
    expect(await historyRows(accountId)).toEqual({ transactions: 3, entries: 6 });
    expect(await balanceOf(session, accountId)).toBe(100_250);
  });

  it("accepts the per-deposit maximum exactly", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    expect((await deposit(session, { toAccountId: accountId, amount: deposit_amount_minor_max })).status).toBe(200);
    expect(await balanceOf(session, accountId)).toBe(deposit_amount_minor_max);
  });

  it("refuses a deposit that would take the balance past 2^53 - 1, changing nothing", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    // Nine maximal deposits make 9e15; the tenth would pass Number.MAX_SAFE_INTEGER (about 9.007e15).
    for (let count = 0; count < 9; count += 1) expect((await deposit(session, { toAccountId: accountId, amount: deposit_amount_minor_max })).status).toBe(200);
    const response = await deposit(session, { toAccountId: accountId, amount: deposit_amount_minor_max });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ success: false, code: "BALANCE_LIMIT_EXCEEDED" });
    expect(await balanceOf(session, accountId)).toBe(9 * deposit_amount_minor_max);
  });
});

describe("accounts and balances", () => {
  it("opens an account as Qash documents it and lists it with its number, credits and debits", async () => {
    const session = await qashSession();
    const created = await SELF.fetch(`${BASE}/api/v1/user/accounts`, {
      method: "POST",
      headers: session.headers,
      body: JSON.stringify({ description: "Savings", asset: "USD" }),
    });
    expect(created.status).toBe(201);
    const account = await created.json<{ id: number }>();
    expect(account).toEqual({ id: expect.any(Number), description: "Savings", asset: "USD", type: "LIABILITY", balance: 0 });
    await deposit(session, { toAccountId: account.id, amount: 5_000, currency: "USD" });

    const listed = await SELF.fetch(`${BASE}/api/v1/user/accounts`, { headers: session.headers });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      items: [{ id: account.id, description: "Savings", asset: "USD", type: "LIABILITY", number: String(account.id).padStart(10, "0"), credits: 5_000, debits: 0 }],
    });
  });

  it("pages balances with Qash's meta", async () => {
    const session = await qashSession();
    const ids = [];
    for (let index = 0; index < 3; index += 1) ids.push(await openQashAccount(session, "COP", `Wallet ${index}`));
    await deposit(session, { toAccountId: ids[2]!, amount: 777, currency: "COP" });

    const first = await SELF.fetch(`${BASE}/api/v1/user/balance?page=1&limit=2`, { headers: session.headers });
    expect(await first.json()).toEqual({
      items: [
        { id: ids[0], description: "Wallet 0", asset: "COP", balance: 0, type: "LIABILITY" },
        { id: ids[1], description: "Wallet 1", asset: "COP", balance: 0, type: "LIABILITY" },
      ],
      meta: { totalItems: 3, totalPages: 2, currentPage: 1, itemsPerPage: 2 },
    });
    const second = await SELF.fetch(`${BASE}/api/v1/user/balance?page=2&limit=2`, { headers: session.headers });
    expect(await second.json()).toEqual({
      items: [{ id: ids[2], description: "Wallet 2", asset: "COP", balance: 777, type: "LIABILITY" }],
      meta: { totalItems: 3, totalPages: 2, currentPage: 2, itemsPerPage: 2 },
    });
    const defaults = await SELF.fetch(`${BASE}/api/v1/user/balance`, { headers: session.headers });
    expect((await defaults.json<{ meta: unknown }>()).meta).toEqual({ totalItems: 3, totalPages: 1, currentPage: 1, itemsPerPage: 20 });
  });

  it.each(["0", "101", "-1", "1e3", "abc", "0x10"])("refuses limit=%s on the balance list", async (limit) => {
    const session = await qashSession();
    const response = await SELF.fetch(`${BASE}/api/v1/user/balance?limit=${limit}`, { headers: session.headers });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, code: "INVALID_PARAM" });
  });

  it("refuses an unknown asset and another account type", async () => {
    const session = await qashSession();
    for (const body of [{ description: "x", asset: "BTC" }, { description: "x", asset: "USD", type: "ASSET" }, { asset: "USD" }]) {
      const response = await SELF.fetch(`${BASE}/api/v1/user/accounts`, { method: "POST", headers: session.headers, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ success: false, message: expect.any(String) });
    }
    const listed = await SELF.fetch(`${BASE}/api/v1/user/accounts`, { headers: session.headers });
    expect(await listed.json()).toEqual({ items: [] });
  });
});

describe("GET /api/v1/user/transactions", () => {
  it("lists recent transactions newest first, pages an account, and reads one", async () => {
    const session = await qashSession();
    const first = await openQashAccount(session, "MXN", "First");
    const second = await openQashAccount(session, "USD", "Second");
    const ids: number[] = [];
    for (const amount of [100, 200, 300]) ids.push((await (await deposit(session, { toAccountId: first, amount, description: `Deposit ${amount}` })).json<{ id: number }>()).id);
    ids.push((await (await deposit(session, { toAccountId: second, amount: 400, currency: "USD", description: "Dollars" })).json<{ id: number }>()).id);
    await project(first);
    await project(second);

    const recent = await SELF.fetch(`${BASE}/api/v1/user/transactions?size=2`, { headers: session.headers });
    const recentBody = await recent.json<{ items: { id: number }[]; total: number; pages: number; page: number; limit: number }>();
    expect(recentBody.items.map((item) => item.id)).toEqual([ids[3], ids[2]]);
    expect(recentBody).toMatchObject({ total: 4, pages: 2, page: 1, limit: 2 });

    const byAccount = await SELF.fetch(`${BASE}/api/v1/user/transactions?accountId=${first}&limit=2&offset=2`, { headers: session.headers });
    expect(await byAccount.json()).toEqual({
      items: [{ id: ids[0], accountId: first, description: "Deposit 100", status: "COMPLETED", amount: 100, currency: "MXN", provider: "irisbank", createdAt: expect.any(String) }],
      total: 3,
      pages: 2,
      page: 2,
      limit: 2,
    });

    const one = await SELF.fetch(`${BASE}/api/v1/user/transactions/${ids[3]}`, { headers: session.headers });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: ids[3], amount: 400, currency: "USD", status: "COMPLETED", description: "Dollars" });
  });

  it("requires limit and offset in account mode and answers 404 for a foreign account or transaction", async () => {
    const session = await qashSession();
    const other = await qashSession();
    const foreignAccount = await openQashAccount(other);
    const foreignDeposit = await (await deposit(other, { toAccountId: foreignAccount, amount: 1 })).json<{ id: number }>();
    await project(foreignAccount);
    const own = await openQashAccount(session);

    const missingLimit = await SELF.fetch(`${BASE}/api/v1/user/transactions?accountId=${own}&offset=0`, { headers: session.headers });
    expect(missingLimit.status).toBe(400);
    expect(await missingLimit.json()).toEqual({ success: false, message: "limit is required with accountId", code: "MISSING_PARAM" });

    const foreign = await SELF.fetch(`${BASE}/api/v1/user/transactions?accountId=${foreignAccount}&limit=10&offset=0`, { headers: session.headers });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ success: false, message: "Account not found", code: "NOT_FOUND" });

    const foreignOne = await SELF.fetch(`${BASE}/api/v1/user/transactions/${foreignDeposit.id}`, { headers: session.headers });
    expect(foreignOne.status).toBe(404);
    const missing = await SELF.fetch(`${BASE}/api/v1/user/transactions/999999999`, { headers: session.headers });
    expect(missing.status).toBe(404);
    const malformed = await SELF.fetch(`${BASE}/api/v1/user/transactions/12abc`, { headers: session.headers });
    expect(malformed.status).toBe(400);
  });
});

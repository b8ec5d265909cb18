import { describe, expect, it } from "vitest";
import {
  cashBalance,
  cashBalances,
  createDeposit,
  expectSophicError,
  expectVendorBody,
  listDeposits,
  openAccount,
  postDeposit,
  readDeposit,
  sophicClient,
  sophicFetch,
  zeroBalance,
  type Account,
  type Deposit,
  type SophicClient,
} from "../support/sophic";

async function clientWithAccount(fundingCurrencies = ["EUR"]): Promise<{ client: SophicClient; account: Account }> {
  const client = await sophicClient();
  return { client, account: await openAccount(client, { funding_currencies: fundingCurrencies }) };
}

/** Everything a refused request must leave as it was. */
async function visibleState(client: SophicClient, accountId: string) {
  return { balances: await cashBalances(client, accountId), deposits: await listDeposits(client, accountId, "?limit=100") };
}

describe("POST /accounts/{account_id}/deposits (the seed)", () => {
  it("answers 201 with an open deposit, the amount as \"100.00\" and a generated payment reference", async () => {
    const { client, account } = await clientWithAccount();
    const response = await postDeposit(client, account.id, { amount: "100.00", currency: "EUR", request_advance: false });
    const deposit = await expectVendorBody<Deposit>(response, 201, "Deposit");
    expect(deposit).toEqual({
      id: expect.stringMatching(/^[1-9][0-9]*$/),
      account: account.id,
      amount: "100.00",
      currency: "EUR",
      payment_reference: expect.stringMatching(/^DL[0-9A-HJKMNP-TV-Z]{9,13}$/),
      was_advanced: false,
      status: "open",
      created_at: expect.any(String),
      modified_at: deposit.created_at,
      advanced_at: null,
      completed_at: null,
    });
    expect(await readDeposit(client, account.id, deposit.id)).toEqual(deposit);
  });

  it("generates a different reference for every deposit", async () => {
    const { client, account } = await clientWithAccount();
    const references = new Set<string>();
    for (let count = 0; count < 5; count += 1) references.add((await createDeposit(client, account.id)).payment_reference);
    expect(references.size).toBe(5);
  });

  it("keeps the partner's payment reference as given", async () => {
    const { client, account } = await clientWithAccount();
    const deposit = await createDeposit(client, account.id, { payment_reference: "INV 2026/001-a" });
    expect(deposit.payment_reference).toBe("INV 2026/001-a");
  });

  it("adds a plain deposit to pending only: no cash balance field moves", async () => {
    const { client, account } = await clientWithAccount();
    await createDeposit(client, account.id, { amount: "100.00" });
    expect(await cashBalances(client, account.id)).toEqual([zeroBalance("EUR")]);
    const read = await expectVendorBody<Account>(await sophicFetch(client, "GET", `/accounts/${account.id}`), 200, "Account");
    expect(read.has_deposited).toBe(false);
  });

  it("credits an advanced deposit as unsettled cash: total and trading power rise, withdrawable does not", async () => {
    const { client, account } = await clientWithAccount();
    const deposit = await createDeposit(client, account.id, { amount: "250.50", request_advance: true });
    expect(deposit).toMatchObject({ status: "open", was_advanced: true, advanced_at: deposit.created_at, completed_at: null, amount: "250.50" });
    expect(await cashBalance(client, account.id)).toEqual({ currency: "EUR", total: "250.50", available_for_trading: "250.50", available_for_withdrawal: "0.00", reserved: "0.00" });
  });

  it.each([
    ["50.1", "50.10"],
    ["0.01", "0.01"],
    ["1000000", "1000000.00"],
    [100, "100.00"],
    [12.34, "12.34"],
    [0.5, "0.50"],
  ])("reads the amount %j as %s", async (amount, rendered) => {
    const { client, account } = await clientWithAccount();
    expect((await createDeposit(client, account.id, { amount })).amount).toBe(rendered);
  });

  it.each([["1e3"], ["-5"], ["0.00"], ["1.234"], [" 10"], ["10."], ["１０"], ["0"], [""], ["10 "], ["+10"], [".5"], ["0x10"], ["1,000.00"], ["NaN"], ["Infinity"], [-5], [0], [1e21], [0.1 + 0.2], [1.234]])(
    "refuses the amount %j with 400 invalid_param at [\"amount\"] and changes nothing",
    async (amount) => {
      const { client, account } = await clientWithAccount();
      await createDeposit(client, account.id, { amount: "10.00", request_advance: true });
      const before = await visibleState(client, account.id);
      const error = await expectSophicError(await postDeposit(client, account.id, { amount, request_advance: true }), 400, "invalid_param");
      expect(error.params).toEqual([{ path: ["amount"], detail: expect.any(String), code: "invalid_param" }]);
      expect(await visibleState(client, account.id)).toEqual(before);
    },
  );

  it.each([[true], [null], [["100.00"]], [{ value: "100.00" }]])("refuses the amount %j as a wrong type", async (amount) => {
    const { client, account } = await clientWithAccount();
    const error = await expectSophicError(await postDeposit(client, account.id, { amount }), 400, "invalid_param");
    expect(error.params?.[0]?.path).toEqual(["amount"]);
  });

  it("names a missing amount and a missing currency", async () => {
    const { client, account } = await clientWithAccount();
    const error = await expectSophicError(await sophicFetch(client, "POST", `/accounts/${account.id}/deposits`, {}), 400, "missing_param");
    expect(error.params?.map((param) => param.path)).toEqual(expect.arrayContaining([["amount"], ["currency"]]));
  });

  it.each([["XYZ"], ["MXN"], ["eur"]])("refuses the currency %s outside the vendor's enum with currency_not_supported", async (currency) => {
    const { client, account } = await clientWithAccount();
    const before = await visibleState(client, account.id);
    const error = await expectSophicError(await postDeposit(client, account.id, { currency }), 400, "currency_not_supported");
    expect(error.params?.[0]?.path).toEqual(["currency"]);
    expect(await visibleState(client, account.id)).toEqual(before);
  });

  it("refuses a currency that is not among the account's funding currencies, changing nothing", async () => {
    const { client, account } = await clientWithAccount(["EUR", "GBP"]);
    expect((await createDeposit(client, account.id, { currency: "GBP", amount: "5.00" })).currency).toBe("GBP");
    const before = await visibleState(client, account.id);
    const error = await expectSophicError(await postDeposit(client, account.id, { currency: "USD", request_advance: true }), 400, "currency_not_supported");
    expect(error.params).toEqual([{ path: ["currency"], detail: expect.stringContaining("USD"), code: "currency_not_supported" }]);
    expect(await visibleState(client, account.id)).toEqual(before);
  });

  it.each([["bad ref!"], [""], [" leading"], ["x".repeat(36)], [42]])("refuses the payment reference %j", async (payment_reference) => {
    const { client, account } = await clientWithAccount();
    const error = await expectSophicError(await postDeposit(client, account.id, { payment_reference } as never), 400, "invalid_param");
    expect(error.params?.[0]?.path).toEqual(["payment_reference"]);
    expect(await listDeposits(client, account.id)).toEqual([]);
  });

  it("refuses a request_advance that is not a boolean", async () => {
    const { client, account } = await clientWithAccount();
    const error = await expectSophicError(await postDeposit(client, account.id, { request_advance: "yes" } as never), 400, "invalid_param");
    expect(error.params?.[0]?.path).toEqual(["request_advance"]);
  });
});

describe("Idempotency-Key on deposit creation", () => {
  it("replays the first deposit and moves no money again", async () => {
    const { client, account } = await clientWithAccount();
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const input = { amount: "100.00", request_advance: true };
    const first = await expectVendorBody<Deposit>(await postDeposit(client, account.id, input, key), 201, "Deposit");
    expect((await postDeposit(client, account.id, input, key)).headers.get("Idempotent-Replayed")).toBe("true");
    // The same amount written another way is the same request.
    const replay = await postDeposit(client, account.id, { ...input, amount: 100 }, key);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await expectVendorBody<Deposit>(replay, 201, "Deposit")).toEqual(first);
    expect(await listDeposits(client, account.id)).toEqual([first]);
    expect((await cashBalance(client, account.id)).total).toBe("100.00");
  });

  it("answers 409 idempotency_key_conflict for the same key with another body, changing nothing", async () => {
    const { client, account } = await clientWithAccount();
    const key = { "Idempotency-Key": crypto.randomUUID() };
    await expectVendorBody<Deposit>(await postDeposit(client, account.id, { amount: "100.00" }, key), 201, "Deposit");
    const before = await visibleState(client, account.id);
    await expectSophicError(await postDeposit(client, account.id, { amount: "100.01" }, key), 409, "idempotency_key_conflict");
    await expectSophicError(await postDeposit(client, account.id, { amount: "100.00", request_advance: true }, key), 409, "idempotency_key_conflict");
    expect(await visibleState(client, account.id)).toEqual(before);
  });

  it("refuses a key longer than 255 characters", async () => {
    const { client, account } = await clientWithAccount();
    await expectSophicError(await postDeposit(client, account.id, {}, { "Idempotency-Key": "k".repeat(256) }), 400, "idempotency_key_too_long");
    expect(await listDeposits(client, account.id)).toEqual([]);
  });
});

describe("GET /accounts/{account_id}/deposits (ext)", () => {
  async function fiveDeposits() {
    const { client, account } = await clientWithAccount();
    const created: Deposit[] = [];
    for (let index = 1; index <= 5; index += 1) created.push(await createDeposit(client, account.id, { amount: `${index}.00` }));
    const newestFirst = [...created].reverse();
    return { client, account, created, newestFirst };
  }

  it("lists newest first as a bare array, 20 by default", async () => {
    const { client, account, newestFirst } = await fiveDeposits();
    expect(await listDeposits(client, account.id)).toEqual(newestFirst);
  });

  it("pages with limit and starting_after without skipping or repeating", async () => {
    const { client, account, newestFirst } = await fiveDeposits();
    const first = await listDeposits(client, account.id, "?limit=2");
    expect(first).toEqual(newestFirst.slice(0, 2));
    const second = await listDeposits(client, account.id, `?limit=2&starting_after=${first[1]?.id}`);
    expect(second).toEqual(newestFirst.slice(2, 4));
    const third = await listDeposits(client, account.id, `?limit=2&starting_after=${second[1]?.id}`);
    expect(third).toEqual(newestFirst.slice(4));
  });

  it("filters by status", async () => {
    const { client, account, created } = await fiveDeposits();
    const canceled = await expectVendorBody<Deposit>(await sophicFetch(client, "POST", `/accounts/${account.id}/deposits/${created[1]?.id}/cancel`), 200, "Deposit");
    expect(await listDeposits(client, account.id, "?status=canceled")).toEqual([canceled]);
    expect((await listDeposits(client, account.id, "?status=open")).map((deposit) => deposit.id)).toEqual([4, 3, 2, 0].map((index) => created[index]?.id));
    expect(await listDeposits(client, account.id, "?status=completed")).toEqual([]);
  });

  it.each(["?limit=0", "?limit=101", "?limit=abc", "?starting_after=-1", "?status=pending"])("refuses %s with 400 invalid_param", async (query) => {
    const { client, account } = await clientWithAccount();
    await expectSophicError(await sophicFetch(client, "GET", `/accounts/${account.id}/deposits${query}`), 400, "invalid_param");
  });

  it("accepts the largest page", async () => {
    const { client, account, newestFirst } = await fiveDeposits();
    expect(await listDeposits(client, account.id, "?limit=100")).toEqual(newestFirst);
  });
});

describe("bodies that are not a deposit request", () => {
  it.each([
    ["malformed JSON", "{\"amount\": ", {}, 400, "invalid_request"],
    ["a JSON array", "[]", {}, 400, "invalid_param"],
    ["a JSON string", "\"100.00\"", {}, 400, "invalid_param"],
    ["a form body", "amount=100.00&currency=EUR", { "Content-Type": "application/x-www-form-urlencoded" }, 415, "unsupported_media_type"],
  ])("refuses %s in the vendor's Error shape, changing nothing", async (_what, body, headers, status, code) => {
    const { client, account } = await clientWithAccount();
    await expectSophicError(await sophicFetch(client, "POST", `/accounts/${account.id}/deposits`, body, headers), status, code);
    expect(await listDeposits(client, account.id)).toEqual([]);
  });
});

describe("amount bounds", () => {
  it("accepts the per-deposit maximum and refuses one cent more", async () => {
    const { client, account } = await clientWithAccount();
    expect((await createDeposit(client, account.id, { amount: "10000000000000.00" })).amount).toBe("10000000000000.00");
    const error = await expectSophicError(await postDeposit(client, account.id, { amount: "10000000000000.01" }), 400, "invalid_param");
    expect(error.params?.[0]?.path).toEqual(["amount"]);
  });

  it("answers 422 balance_limit_exceeded when the advance would pass the largest exact balance, changing nothing", async () => {
    const { client, account } = await clientWithAccount();
    for (let count = 0; count < 9; count += 1) await createDeposit(client, account.id, { amount: "10000000000000.00", request_advance: true });
    const before = await visibleState(client, account.id);
    await expectSophicError(await postDeposit(client, account.id, { amount: "10000000000000.00", request_advance: true }), 422, "balance_limit_exceeded");
    expect(await visibleState(client, account.id)).toEqual(before);
  });
});

import { describe, expect, it } from "vitest";
import { journalCheck } from "../support/ledger";
import {
  cashBalance,
  createDeposit,
  expectInboundPayment,
  expectSophicError,
  expectVendorBody,
  openAccount,
  postPayment,
  readDeposit,
  reportPayment,
  sophicClient,
  sophicFetch,
  type Account,
} from "../support/sophic";

const uniqueReference = (prefix: string): string => `${prefix}-${crypto.randomUUID().slice(0, 18)}`;

describe("POST /inbound-payments (ext): funding deposits by payment reference", () => {
  it("funds a plain deposit: pending becomes settled cash, and the deposit completes", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "100.00" });
    const payment = await reportPayment(client, { payment_reference: deposit.payment_reference, amount: "100.00" });
    expect(payment).toEqual({ id: expect.stringMatching(/^[1-9][0-9]*$/), payment_reference: deposit.payment_reference, amount: "100.00", currency: "EUR", status: "matched", deposits: [deposit.id] });

    const completed = await readDeposit(client, account.id, deposit.id);
    expect(completed).toMatchObject({ status: "completed", was_advanced: false, advanced_at: null, completed_at: expect.any(String) });
    expect(Date.parse(completed.modified_at)).toBeGreaterThanOrEqual(Date.parse(deposit.modified_at));
    expect(await cashBalance(client, account.id)).toEqual({ currency: "EUR", total: "100.00", available_for_trading: "100.00", available_for_withdrawal: "100.00", reserved: "0.00" });
    const read = await expectVendorBody<Account>(await sophicFetch(client, "GET", `/accounts/${account.id}`), 200, "Account");
    expect(read.has_deposited).toBe(true);
    expect((await journalCheck(Number(account.id))).mismatches).toEqual([]);
  });

  it("funds an advanced deposit: unsettled becomes settled, the total does not move twice", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "75.25", request_advance: true });
    expect(await cashBalance(client, account.id)).toMatchObject({ total: "75.25", available_for_trading: "75.25", available_for_withdrawal: "0.00" });
    const payment = await reportPayment(client, { payment_reference: deposit.payment_reference, amount: 75.25 });
    expect(payment).toMatchObject({ status: "matched", deposits: [deposit.id], amount: "75.25" });
    expect(await readDeposit(client, account.id, deposit.id)).toMatchObject({ status: "completed", was_advanced: true, advanced_at: deposit.advanced_at });
    expect(await cashBalance(client, account.id)).toEqual({ currency: "EUR", total: "75.25", available_for_trading: "75.25", available_for_withdrawal: "75.25", reserved: "0.00" });
  });

  it("matches a generated reference whatever case the payer typed it in", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "10.00" });
    const payment = await reportPayment(client, { payment_reference: deposit.payment_reference.toLowerCase(), amount: "10.00" });
    expect(payment).toMatchObject({ status: "matched", deposits: [deposit.id] });
  });

  it("completes a two-deposit batch across two accounts with one payment of their sum", async () => {
    const client = await sophicClient();
    const first = await openAccount(client, { name: "First" });
    const second = await openAccount(client, { name: "Second", funding_currencies: ["USD", "EUR"] });
    const reference = uniqueReference("BATCH");
    const plain = await createDeposit(client, first.id, { amount: "60.00", payment_reference: reference });
    const advanced = await createDeposit(client, second.id, { amount: "40.00", payment_reference: reference, request_advance: true });

    const payment = await reportPayment(client, { payment_reference: reference, amount: "100.00" });
    expect(payment.status).toBe("matched");
    expect([...payment.deposits].sort()).toEqual([plain.id, advanced.id].sort());
    expect((await readDeposit(client, first.id, plain.id)).status).toBe("completed");
    expect((await readDeposit(client, second.id, advanced.id)).status).toBe("completed");
    expect(await cashBalance(client, first.id)).toMatchObject({ total: "60.00", available_for_withdrawal: "60.00" });
    expect(await cashBalance(client, second.id, "EUR")).toMatchObject({ total: "40.00", available_for_withdrawal: "40.00" });
    expect(await cashBalance(client, second.id, "USD")).toMatchObject({ total: "0.00" });
  });

  it("keeps a payment of the wrong amount unmatched, then matches the right one", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const reference = uniqueReference("WRONG");
    const deposit = await createDeposit(client, account.id, { amount: "100.00", payment_reference: reference });
    for (const amount of ["99.99", "100.01", "200.00"]) {
      const payment = await reportPayment(client, { payment_reference: reference, amount });
      expect(payment).toMatchObject({ status: "unmatched", deposits: [], amount });
    }
    expect((await readDeposit(client, account.id, deposit.id)).status).toBe("open");
    expect((await cashBalance(client, account.id)).total).toBe("0.00");

    const payment = await reportPayment(client, { payment_reference: reference, amount: "100.00" });
    expect(payment).toMatchObject({ status: "matched", deposits: [deposit.id] });
    expect(await cashBalance(client, account.id)).toMatchObject({ total: "100.00", available_for_withdrawal: "100.00" });
  });

  it("does not match one deposit of a batch alone: only the exact sum completes", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const reference = uniqueReference("PART");
    await createDeposit(client, account.id, { amount: "30.00", payment_reference: reference });
    await createDeposit(client, account.id, { amount: "70.00", payment_reference: reference });
    expect((await reportPayment(client, { payment_reference: reference, amount: "30.00" })).status).toBe("unmatched");
    expect((await reportPayment(client, { payment_reference: reference, amount: "100.00" })).deposits).toHaveLength(2);
  });

  it("leaves a payment in another currency unmatched", async () => {
    const client = await sophicClient();
    const account = await openAccount(client, { funding_currencies: ["EUR", "USD"] });
    const deposit = await createDeposit(client, account.id, { amount: "100.00", currency: "EUR" });
    expect((await reportPayment(client, { payment_reference: deposit.payment_reference, amount: "100.00", currency: "USD" })).status).toBe("unmatched");
    expect((await readDeposit(client, account.id, deposit.id)).status).toBe("open");
  });

  it("never matches another partner's deposit", async () => {
    const owner = await sophicClient();
    const stranger = await sophicClient();
    const account = await openAccount(owner);
    const deposit = await createDeposit(owner, account.id, { amount: "100.00" });
    expect((await reportPayment(stranger, { payment_reference: deposit.payment_reference, amount: "100.00" })).status).toBe("unmatched");
    expect((await readDeposit(owner, account.id, deposit.id)).status).toBe("open");
  });

  it("matches once when the same report arrives 8 times at once", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "100.00", request_advance: true });
    const responses = await Promise.all(Array.from({ length: 8 }, () => postPayment(client, { payment_reference: deposit.payment_reference, amount: "100.00" })));
    const payments = await Promise.all(responses.map((response) => expectInboundPayment(response)));
    expect(payments.filter((payment) => payment.status === "matched")).toHaveLength(1);
    expect(payments.filter((payment) => payment.status === "unmatched")).toHaveLength(7);
    expect(new Set(payments.map((payment) => payment.id)).size).toBe(8);
    expect(await cashBalance(client, account.id)).toMatchObject({ total: "100.00", available_for_withdrawal: "100.00" });
    expect((await journalCheck(Number(account.id))).mismatches).toEqual([]);
  });

  it("replays a report sent again under its Idempotency-Key, and refuses the key for another payment", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "100.00" });
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const input = { payment_reference: deposit.payment_reference, amount: "100.00" };
    const first = await expectInboundPayment(await postPayment(client, input, key));
    const again = await postPayment(client, input, key);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await expectInboundPayment(again)).toEqual(first);
    expect(first.status).toBe("matched");
    await expectSophicError(await postPayment(client, { ...input, amount: "1.00" }, key), 409, "idempotency_key_conflict");
    expect((await cashBalance(client, account.id)).total).toBe("100.00");
  });

  it.each([
    [{ amount: "1e3" }, 400, "invalid_param", ["amount"]],
    [{ amount: "１０" }, 400, "invalid_param", ["amount"]],
    [{ amount: -5 }, 400, "invalid_param", ["amount"]],
    [{ currency: "XYZ" }, 400, "currency_not_supported", ["currency"]],
    [{ payment_reference: "no!" }, 400, "invalid_param", ["payment_reference"]],
    [{ payment_reference: undefined }, 400, "missing_param", ["payment_reference"]],
  ])("refuses %j", async (override, status, code, path) => {
    const client = await sophicClient();
    const body = { payment_reference: "REF-1", amount: "10.00", currency: "EUR", ...override };
    const error = await expectSophicError(await sophicFetch(client, "POST", "/inbound-payments", body), status, code);
    expect(error.params?.[0]?.path).toEqual(path);
  });
});

import { describe, expect, it } from "vitest";
import { qashSession } from "../support/fixtures";
import { deposit, openQashAccount, project } from "../support/ledger";
import {
  cancelDeposit,
  createDeposit,
  expectSophicError,
  listTransactions,
  openAccount,
  reportPayment,
  sophicClient,
  sophicFetch,
  type SophicClient,
} from "../support/sophic";

async function fundedAccount(client: SophicClient) {
  const account = await openAccount(client);
  const funded = [];
  for (const [amount, advanced] of [["100.00", false], ["25.50", true]] as const) {
    const created = await createDeposit(client, account.id, { amount, request_advance: advanced });
    expect((await reportPayment(client, { payment_reference: created.payment_reference, amount })).status).toBe("matched");
    funded.push(created);
  }
  // An open and a canceled deposit move only expected money: neither is a cash transaction.
  await createDeposit(client, account.id, { amount: "7.00", request_advance: true });
  const canceled = await createDeposit(client, account.id, { amount: "8.00" });
  expect((await cancelDeposit(client, account.id, canceled.id)).status).toBe(200);
  expect(await project(Number(account.id))).toBe(0);
  return { account, funded };
}

describe("GET /accounts/{account_id}/transactions", () => {
  it("lists funded deposits, newest first, as the vendor's deposit transactions", async () => {
    const client = await sophicClient();
    const { account, funded } = await fundedAccount(client);
    const transactions = await listTransactions(client, account.id);
    expect(transactions).toEqual([
      expect.objectContaining({ reference: funded[1]?.id, cash_amount: "25.50", summary: "Deposit of 25.50 EUR" }),
      expect.objectContaining({ reference: funded[0]?.id, cash_amount: "100.00", summary: "Deposit of 100.00 EUR" }),
    ]);
    const [newest] = transactions;
    expect(newest).toEqual({
      id: expect.stringMatching(/^[1-9][0-9]*$/),
      summary: "Deposit of 25.50 EUR",
      booked_at: expect.any(String),
      settlement_date: newest?.booked_at.slice(0, 10),
      cash_amount: "25.50",
      unit_quantity: null,
      unit_price: null,
      tax: "0.00",
      currency: "EUR",
      instrument: null,
      transaction_type: "deposit",
      reference: funded[1]?.id,
      reference_type: "deposit",
      taxes: [],
    });
    expect(Number(transactions[0]?.id)).toBeGreaterThan(Number(transactions[1]?.id));
  });

  it("honours limit and transaction_types, repeated or comma-separated", async () => {
    const client = await sophicClient();
    const { account, funded } = await fundedAccount(client);
    expect((await listTransactions(client, account.id, "?limit=1")).map((row) => row.reference)).toEqual([funded[1]?.id]);
    expect(await listTransactions(client, account.id, "?transaction_types=deposit")).toHaveLength(2);
    expect(await listTransactions(client, account.id, "?transaction_types=withdrawal,deposit")).toHaveLength(2);
    expect(await listTransactions(client, account.id, "?transaction_types=buy&transaction_types=deposit")).toHaveLength(2);
    expect(await listTransactions(client, account.id, "?transaction_types=withdrawal")).toEqual([]);
    expect(await listTransactions(client, account.id, "?transaction_types=buy&transaction_types=sell")).toEqual([]);
  });

  it.each(["?limit=0", "?limit=101", "?limit=ten", "?transaction_types=deposits", "?transaction_types=deposit,"])("refuses %s with 400 invalid_param", async (query) => {
    const client = await sophicClient();
    const account = await openAccount(client);
    await expectSophicError(await sophicFetch(client, "GET", `/accounts/${account.id}/transactions${query}`), 400, "invalid_param");
  });

  it("lists a Qash credit of a Qash-opened account, referenced by its own id", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session, "USD");
    const response = await deposit(session, { toAccountId: accountId, amount: 12_345, currency: "USD" });
    const credit = await response.json<{ id: number }>();
    expect(await project(accountId)).toBe(0);
    const client = await sophicClient(session.partner);
    expect(await listTransactions(client, String(accountId))).toEqual([
      expect.objectContaining({ id: String(credit.id), reference: String(credit.id), cash_amount: "123.45", currency: "USD", transaction_type: "deposit" }),
    ]);
  });

  it("is empty for an account nothing was funded into", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    await createDeposit(client, account.id, { request_advance: true });
    expect(await project(Number(account.id))).toBe(0);
    expect(await listTransactions(client, account.id)).toEqual([]);
  });
});

// The limits agree: nothing is promised that an account could later refuse. A deposit is refused up front
// when completing it could take the account past the largest exact balance, so a payment never matches a
// deposit whose account then cannot complete it, and every total the dialect shows stays exact.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountObject } from "../../src/account/stub";
import { qashSession } from "../support/fixtures";
import { deposit, openQashAccount } from "../support/ledger";
import { cashBalance, cancelDeposit, createDeposit, expectSophicError, listDeposits, openAccount, postDeposit, reportPayment, sophicClient, type SophicClient } from "../support/sophic";

/** 10^15 minor units: the largest single deposit (ten trillion euros). */
const largest = "10000000000000.00";

async function countRows(table: string, partnerId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE partner_id = ?`).bind(partnerId).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Everything a refused deposit could have touched in the account: its deposits, balances, journal and history. */
async function accountState(client: SophicClient, accountId: string) {
  await accountObject(env, Number(accountId)).projectNow();
  return {
    deposits: await listDeposits(client, accountId, "?limit=100"),
    balance: await cashBalance(client, accountId),
    journal: await accountObject(env, Number(accountId)).checkJournal(),
    transactions: await countRows("transactions", client.partner.id),
    events: await countRows("events", client.partner.id),
  };
}

async function fundLargest(client: SophicClient, accountId: string, times: number): Promise<void> {
  for (let index = 0; index < times; index += 1) {
    const deposit = await createDeposit(client, accountId, { amount: largest });
    expect((await reportPayment(client, { payment_reference: deposit.payment_reference, amount: largest })).status).toBe("matched");
  }
}

describe("limits that agree", () => {
  it("refuses a deposit whose completion would pass the largest balance, so no payment can be matched to a deposit that cannot complete", async () => {
    // Settled credits made by Qash on a user's EUR account, which the partner also takes Sophic deposits into.
    const session = await qashSession();
    const accountId = await openQashAccount(session, "EUR");
    for (let index = 0; index < 9; index += 1) {
      expect((await deposit(session, { toAccountId: accountId, amount: 1_000_000_000_000_000, currency: "EUR" })).status).toBe(200);
    }
    const client = await sophicClient(session.partner);
    const account = String(accountId);
    expect((await cashBalance(client, account)).available_for_withdrawal).toBe("90000000000000.00");
    const before = await accountState(client, account);

    // Its completion would take settled credits past 2^53 - 1: refused now, not stranded open after a payment matched it.
    await expectSophicError(await postDeposit(client, account, { amount: largest }), 422, "balance_limit_exceeded");
    expect(await accountState(client, account)).toEqual(before);
    // A Qash credit may not take the room an open deposit needs either.
    const fits = await createDeposit(client, account, { amount: "71992547409.91" });
    const credit = await deposit(session, { toAccountId: accountId, amount: 1, currency: "EUR" });
    expect(credit.status).toBe(422);

    // What fits, to the last unit, completes when its payment arrives.
    expect((await reportPayment(client, { payment_reference: fits.payment_reference, amount: "71992547409.91" })).deposits).toEqual([fits.id]);
    expect((await cashBalance(client, account)).total).toBe("90071992547409.91");
    await expectSophicError(await postDeposit(client, account, { amount: "0.01" }), 422, "balance_limit_exceeded");
  });

  it("keeps every cash-balance total exact: settled plus unsettled never passes the largest balance", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    await fundLargest(client, account.id, 5);
    for (let index = 0; index < 4; index += 1) await createDeposit(client, account.id, { amount: largest, request_advance: true });
    const before = await accountState(client, account.id);
    expect(before.balance).toMatchObject({ total: "90000000000000.00", available_for_trading: "90000000000000.00", available_for_withdrawal: "50000000000000.00" });

    await expectSophicError(await postDeposit(client, account.id, { amount: largest, request_advance: true }), 422, "balance_limit_exceeded");
    expect(await accountState(client, account.id)).toEqual(before);

    // Canceling an advance frees its room again.
    const advanced = before.deposits.find((deposit) => deposit.status === "open");
    if (advanced === undefined) throw new Error("no open deposit");
    expect((await cancelDeposit(client, account.id, advanced.id)).status).toBe(200);
    expect((await postDeposit(client, account.id, { amount: largest, request_advance: true })).status).toBe(201);
  });
});

// A chosen payment reference may carry deposits in many accounts, and one payment must be able to fund them
// all: the reference agrees to each deposit before its account commits it, and refuses one that would make
// what it holds to be funded more than the largest payment.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountObject } from "../../src/account/stub";
import { payment_amount_minor_max } from "../../src/config/limits";
import { referenceObject } from "../../src/reference/stub";
import { cashBalance, createDeposit, expectSophicError, listDeposits, openAccount, postDeposit, postPayment, reportPayment, sophicClient, type SophicClient } from "../support/sophic";

async function countRows(table: string, partnerId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE partner_id = ?`).bind(partnerId).first<{ n: number }>();
  return row?.n ?? 0;
}

async function state(client: SophicClient, accountIds: string[]) {
  for (const id of accountIds) await accountObject(env, Number(id)).projectNow();
  return {
    accounts: await Promise.all(accountIds.map(async (id) => ({ deposits: await listDeposits(client, id), balance: await cashBalance(client, id), journal: await accountObject(env, Number(id)).checkJournal() }))),
    transactions: await countRows("transactions", client.partner.id),
    events: await countRows("events", client.partner.id),
  };
}

/** 6 * 10^14 and 5 * 10^14 minor units: each a valid deposit, together more than one payment may carry (10^15). */
const six = "6000000000000.00";
const five = "5000000000000.00";

describe("deposits of one chosen reference stay fundable by one payment", () => {
  it("refuses the deposit that would take the reference past the largest payment, in another account too, and changes nothing", async () => {
    const client = await sophicClient();
    const [first, second] = [await openAccount(client), await openAccount(client)];
    const reference = `BATCH-${crypto.randomUUID().slice(0, 8)}`;
    await createDeposit(client, first.id, { amount: six, payment_reference: reference });
    const before = await state(client, [first.id, second.id]);

    const refused = await expectSophicError(await postDeposit(client, second.id, { amount: five, payment_reference: reference.toLowerCase() }), 422, "reference_limit_exceeded");
    expect(refused.detail).toContain("10000000000000.00 EUR");
    expect(await state(client, [first.id, second.id])).toEqual(before);

    // What is held stays fundable by one payment; once funded, the reference has room again.
    expect((await reportPayment(client, { payment_reference: reference, amount: six })).status).toBe("matched");
    expect((await postDeposit(client, second.id, { amount: five, payment_reference: reference })).status).toBe(201);
    // Other currencies are counted apart: a payment carries one.
    const usd = await openAccount(client, { base_currency: "USD", funding_currencies: ["USD"] });
    expect((await postDeposit(client, usd.id, { amount: six, currency: "USD", payment_reference: reference })).status).toBe(201);
  });

  it("up to the largest payment exactly, and that payment funds them all", async () => {
    const client = await sophicClient();
    const [first, second] = [await openAccount(client), await openAccount(client)];
    const reference = `FULL-${crypto.randomUUID().slice(0, 8)}`;
    await createDeposit(client, first.id, { amount: six, payment_reference: reference });
    await createDeposit(client, second.id, { amount: "4000000000000.00", payment_reference: reference, request_advance: true });
    await expectSophicError(await postDeposit(client, second.id, { amount: "0.01", payment_reference: reference }), 422, "reference_limit_exceeded");
    const payment = await reportPayment(client, { payment_reference: reference, amount: "10000000000000.00" });
    expect(payment.status).toBe("matched");
    expect(payment.deposits).toHaveLength(2);
  });

  it("forgets a reservation whose account never committed it, and keeps one whose account did", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const accountId = Number(account.id);
    const reference = `LOST-${crypto.randomUUID().slice(0, 8)}`;
    const stub = referenceObject(env, client.partner.id, reference);
    const claim = (depositId: number, amountMinor: number) => ({
      partnerId: client.partner.id,
      paymentReference: reference,
      depositId,
      accountId,
      currency: "EUR" as const,
      amountMinor,
      standing: { active: true, version: 0 },
    });
    // An account that died between the reference's agreement and its own commit leaves this behind.
    expect(await stub.reserve(claim(999_999_001, payment_amount_minor_max))).toBe("reserved");
    await expectSophicError(await postDeposit(client, account.id, { amount: "1.00", payment_reference: reference }), 422, "reference_limit_exceeded");
    // Once it is older than any account could still commit it, the account is asked, says no, and it goes.
    await runInDurableObject(stub, (_instance, storage) => {
      storage.storage.sql.exec("UPDATE deposits SET reserved_at_ms = reserved_at_ms - 61000 WHERE deposit_id = 999999001");
    });
    const fits = await createDeposit(client, account.id, { amount: "1.00", payment_reference: reference });
    expect((await reportPayment(client, { payment_reference: reference, amount: "1.00" })).deposits).toEqual([fits.id]);

    // A reservation whose account did commit the deposit (its registration still on the way) is kept, however old.
    const held = await createDeposit(client, account.id, { amount: six, payment_reference: reference });
    await runInDurableObject(stub, (_instance, storage) => {
      storage.storage.sql.exec("UPDATE deposits SET state = 'reserved', reserved_at_ms = ? WHERE deposit_id = ?", Date.now() - 61_000, Number(held.id));
    });
    await expectSophicError(await postDeposit(client, account.id, { amount: five, payment_reference: reference }), 422, "reference_limit_exceeded");
  });

  it("a payment of the reference before its deposits are registered matches nothing reserved", async () => {
    const client = await sophicClient();
    const reference = `EARLY-${crypto.randomUUID().slice(0, 8)}`;
    const stub = referenceObject(env, client.partner.id, reference);
    const account = await openAccount(client);
    expect(
      await stub.reserve({ partnerId: client.partner.id, paymentReference: reference, depositId: 999_999_002, accountId: Number(account.id), currency: "EUR", amountMinor: 500, standing: { active: true, version: 0 } }),
    ).toBe("reserved");
    const payment = await (await postPayment(client, { payment_reference: reference, amount: "5.00" })).json<{ status: string }>();
    expect(payment.status).toBe("unmatched");
  });
});

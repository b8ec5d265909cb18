import { describe, expect, it } from "vitest";
import { journalCheck } from "../support/ledger";
import {
  cancelDeposit,
  cashBalance,
  createDeposit,
  expectSophicError,
  expectVendorBody,
  listDeposits,
  openAccount,
  readDeposit,
  reportPayment,
  sophicClient,
  zeroBalance,
  type Deposit,
} from "../support/sophic";

describe("POST /accounts/{account_id}/deposits/{deposit_id}/cancel (ext)", () => {
  it("cancels an open plain deposit: nothing was credited, nothing is taken", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "100.00" });
    const canceled = await expectVendorBody<Deposit>(await cancelDeposit(client, account.id, deposit.id), 200, "Deposit");
    expect(canceled).toEqual({ ...deposit, status: "canceled", modified_at: expect.any(String) });
    expect(await readDeposit(client, account.id, deposit.id)).toEqual(canceled);
    expect(await cashBalance(client, account.id)).toEqual(zeroBalance("EUR"));
  });

  it("takes the advance back when an advanced deposit is canceled", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const kept = await createDeposit(client, account.id, { amount: "20.00", request_advance: true });
    const deposit = await createDeposit(client, account.id, { amount: "100.00", request_advance: true });
    expect((await cashBalance(client, account.id)).total).toBe("120.00");
    const canceled = await expectVendorBody<Deposit>(await cancelDeposit(client, account.id, deposit.id), 200, "Deposit");
    expect(canceled).toMatchObject({ status: "canceled", was_advanced: true, advanced_at: deposit.advanced_at, completed_at: null });
    expect(await cashBalance(client, account.id)).toMatchObject({ total: "20.00", available_for_trading: "20.00", available_for_withdrawal: "0.00" });
    expect((await readDeposit(client, account.id, kept.id)).status).toBe("open");
    expect((await journalCheck(Number(account.id))).mismatches).toEqual([]);
  });

  it("answers 409 for a completed deposit and leaves the settled cash alone", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "100.00", request_advance: true });
    expect((await reportPayment(client, { payment_reference: deposit.payment_reference, amount: "100.00" })).status).toBe("matched");
    const error = await expectSophicError(await cancelDeposit(client, account.id, deposit.id), 409, "conflict");
    expect(error.detail).toContain("completed");
    expect((await readDeposit(client, account.id, deposit.id)).status).toBe("completed");
    expect(await cashBalance(client, account.id)).toMatchObject({ total: "100.00", available_for_withdrawal: "100.00" });
  });

  it("answers 409 for a deposit already canceled", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "100.00", request_advance: true });
    await expectVendorBody<Deposit>(await cancelDeposit(client, account.id, deposit.id), 200, "Deposit");
    const error = await expectSophicError(await cancelDeposit(client, account.id, deposit.id), 409, "conflict");
    expect(error.detail).toContain("canceled");
    expect((await cashBalance(client, account.id)).total).toBe("0.00");
  });

  it("replays a cancel sent again under its Idempotency-Key instead of answering 409", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "5.00", request_advance: true });
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const first = await expectVendorBody<Deposit>(await cancelDeposit(client, account.id, deposit.id, key), 200, "Deposit");
    const again = await cancelDeposit(client, account.id, deposit.id, key);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await expectVendorBody<Deposit>(again, 200, "Deposit")).toEqual(first);
    expect((await cashBalance(client, account.id)).total).toBe("0.00");
  });

  it("a payment for a canceled deposit completes nothing", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "100.00" });
    await expectVendorBody<Deposit>(await cancelDeposit(client, account.id, deposit.id), 200, "Deposit");
    expect((await reportPayment(client, { payment_reference: deposit.payment_reference, amount: "100.00" })).status).toBe("unmatched");
    expect(await listDeposits(client, account.id)).toEqual([expect.objectContaining({ id: deposit.id, status: "canceled" })]);
    expect(await cashBalance(client, account.id)).toEqual(zeroBalance("EUR"));
  });

  it.each(["999999999999", "abc", "0"])("answers 404 not_found for the deposit id %s", async (depositId) => {
    const client = await sophicClient();
    const account = await openAccount(client);
    await expectSophicError(await cancelDeposit(client, account.id, depositId), 404, "not_found");
  });
});

describe("a cancel racing the payment that funds the deposit", () => {
  it("lets exactly one of them win, and the books agree with the winner", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    for (let round = 0; round < 5; round += 1) {
      const deposit = await createDeposit(client, account.id, { amount: "10.00", request_advance: true });
      const [cancel, payment] = await Promise.all([
        cancelDeposit(client, account.id, deposit.id),
        reportPayment(client, { payment_reference: deposit.payment_reference, amount: "10.00" }),
      ]);
      const final = await readDeposit(client, account.id, deposit.id);
      if (cancel.status === 200) {
        await expectVendorBody<Deposit>(cancel, 200, "Deposit");
        expect(payment.status).toBe("unmatched");
        expect(final.status).toBe("canceled");
      } else {
        await expectSophicError(cancel, 409, "conflict");
        expect(payment).toMatchObject({ status: "matched", deposits: [deposit.id] });
        expect(final.status).toBe("completed");
      }
    }
    const completed = (await listDeposits(client, account.id, "?status=completed")).length;
    const settled = `${completed * 10}.00`;
    expect(await cashBalance(client, account.id)).toEqual({ currency: "EUR", total: settled, available_for_trading: settled, available_for_withdrawal: settled, reserved: "0.00" });
    expect((await journalCheck(Number(account.id))).mismatches).toEqual([]);
  });
});

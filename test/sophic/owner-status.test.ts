// The status of the Qash user who owns an account governs it in both dialects: while the user is not active,
// the partner cannot bring money into the account through Sophic either, Sophic shows the account as not
// transacting, and a payment for its open deposits is kept for review instead of funding them.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountObject } from "../../src/account/stub";
import { BASE, partnerHeaders, qashSession, type QashSession } from "../support/fixtures";
import { openQashAccount } from "../support/ledger";
import { cashBalance, createDeposit, expectSophicError, expectVendorBody, listDeposits, postDeposit, reportPayment, sophicClient, sophicFetch, type Account, type SophicClient } from "../support/sophic";

async function setStatus(session: QashSession, status: "active" | "suspended" | "banned"): Promise<void> {
  const response = await SELF.fetch(`${BASE}/api/v1/partner/users/${session.userId}`, { method: "PATCH", headers: partnerHeaders(session.partner), body: JSON.stringify({ status }) });
  expect(response.status).toBe(200);
}

async function sophicAccount(client: SophicClient, accountId: number): Promise<Account> {
  return expectVendorBody<Account>(await sophicFetch(client, "GET", `/accounts/${accountId}`), 200, "Account");
}

async function countRows(table: string, partnerId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE partner_id = ?`).bind(partnerId).first<{ n: number }>();
  return row?.n ?? 0;
}

async function state(client: SophicClient, accountId: number) {
  await accountObject(env, accountId).projectNow();
  return {
    deposits: await listDeposits(client, String(accountId)),
    balance: await cashBalance(client, String(accountId)),
    journal: await accountObject(env, accountId).checkJournal(),
    transactions: await countRows("transactions", client.partner.id),
    events: await countRows("events", client.partner.id),
  };
}

describe("the owner's status in the Sophic dialect", () => {
  it.each(["suspended", "banned"] as const)("a %s user's account takes no Sophic deposit and shows as suspended; reactivated, it takes them again", async (status) => {
    const session = await qashSession();
    const accountId = await openQashAccount(session, "EUR");
    const client = await sophicClient(session.partner);
    expect(await sophicAccount(client, accountId)).toMatchObject({ status: "active", can_deposit: true });

    await setStatus(session, status);
    expect(await sophicAccount(client, accountId)).toMatchObject({ status: "suspended", can_deposit: false });
    const before = await state(client, accountId);
    await expectSophicError(await postDeposit(client, String(accountId), { request_advance: true }), 403, "deposit_forbidden");
    await expectSophicError(await postDeposit(client, String(accountId), { payment_reference: "CHOSEN-1" }), 403, "deposit_forbidden");
    expect(await state(client, accountId)).toEqual(before);

    await setStatus(session, "active");
    expect(await sophicAccount(client, accountId)).toMatchObject({ status: "active", can_deposit: true });
    expect((await postDeposit(client, String(accountId), { request_advance: true })).status).toBe(201);
  });

  it("a payment for a suspended user's open deposit is kept unmatched; after reactivation the payment funds it", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session, "EUR");
    const client = await sophicClient(session.partner);
    const batch = `OWNER-${crypto.randomUUID().slice(0, 8)}`;
    const deposit = await createDeposit(client, String(accountId), { amount: "40.00", payment_reference: batch });
    const generated = await createDeposit(client, String(accountId), { amount: "15.00", request_advance: true });

    await setStatus(session, "suspended");
    const before = await state(client, accountId);
    expect((await reportPayment(client, { payment_reference: batch, amount: "40.00" })).status).toBe("unmatched");
    expect((await reportPayment(client, { payment_reference: generated.payment_reference, amount: "15.00" })).status).toBe("unmatched");
    const after = await state(client, accountId);
    expect(after.deposits).toEqual(before.deposits);
    expect(after.balance).toEqual(before.balance);
    expect(after.journal).toEqual(before.journal);

    await setStatus(session, "active");
    expect((await reportPayment(client, { payment_reference: batch, amount: "40.00" })).deposits).toEqual([deposit.id]);
    expect((await reportPayment(client, { payment_reference: generated.payment_reference, amount: "15.00" })).deposits).toEqual([generated.id]);
    expect((await cashBalance(client, String(accountId))).available_for_withdrawal).toBe("55.00");
  });

  it("an account no user owns is governed by nothing but itself", async () => {
    const client = await sophicClient();
    const opened = await expectVendorBody<Account>(
      await sophicFetch(client, "POST", "/accounts", { name: "Plain", base_currency: "EUR", funding_currencies: ["EUR"] }),
      201,
      "Account",
    );
    expect(opened).toMatchObject({ status: "active", can_deposit: true });
    expect((await postDeposit(client, opened.id, {})).status).toBe(201);
  });
});

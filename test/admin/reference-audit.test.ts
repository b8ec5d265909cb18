// The audit holds every payment reference's decisions against the accounts of its deposits, and D1's copies of
// deposits and payments against the objects: whatever way they disagree, it is reported.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ReferenceObject } from "../../src/reference/reference-object";
import { referenceObject } from "../../src/reference/stub";
import { BASE } from "../support/fixtures";
import { cancelDeposit, createDeposit, openAccount, reportPayment, sophicClient, type SophicClient } from "../support/sophic";

type Report = { mismatches: Record<string, unknown>[]; decisions_in_flight: number; references_checked: number; projection_backlog: number };

async function auditOf(partnerId: string, overdueAfterSeconds?: number): Promise<Report> {
  const overdue = overdueAfterSeconds === undefined ? "" : `&overdue_after_seconds=${overdueAfterSeconds}`;
  const response = await SELF.fetch(`${BASE}/admin/audit?partner_id=${partnerId}${overdue}`, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.json<Report>();
}

async function partnerWithDeposit(amount = "30.00"): Promise<{ client: SophicClient; accountId: number; depositId: number; reference: string }> {
  const client = await sophicClient();
  const account = await openAccount(client);
  const deposit = await createDeposit(client, account.id, { amount });
  return { client, accountId: Number(account.id), depositId: Number(deposit.id), reference: deposit.payment_reference };
}

const reference = (client: SophicClient, paymentReference: string) => referenceObject(env, client.partner.id, paymentReference);

describe("GET /admin/audit: payment references against accounts", () => {
  it("a match its account has not applied is in flight, then, past the overdue bound, a mismatch", async () => {
    const { client, accountId, depositId, reference: ref } = await partnerWithDeposit();
    await runInDurableObject(reference(client, ref), (instance: ReferenceObject) => {
      instance.deliverCompletion = async () => {
        throw new Error("simulated: account unreachable");
      };
    });
    expect((await reportPayment(client, { payment_reference: ref, amount: "30.00" })).status).toBe("matched");

    const fresh = await auditOf(client.partner.id);
    expect(fresh).toMatchObject({ mismatches: [], decisions_in_flight: 1, references_checked: 1 });
    const overdue = await auditOf(client.partner.id, 0);
    expect(overdue.mismatches).toEqual([
      { account_id: accountId, kind: "deposit_matched_not_completed", deposit_id: depositId, payment_reference: ref, expected: "matched", actual: "open" },
    ]);
  });

  it("states the protocol never reaches: completed but not matched, canceled but matched, canceled but still matchable", async () => {
    const completed = await partnerWithDeposit();
    await reportPayment(completed.client, { payment_reference: completed.reference, amount: "30.00" });
    await runInDurableObject(reference(completed.client, completed.reference), (_instance, state) => {
      state.storage.sql.exec("UPDATE deposits SET state = 'open', payment_id = NULL WHERE deposit_id = ?", completed.depositId);
    });
    expect((await auditOf(completed.client.partner.id)).mismatches).toEqual([
      expect.objectContaining({ kind: "deposit_completed_unmatched", deposit_id: completed.depositId, expected: "open", actual: "completed" }),
    ]);

    const canceled = await partnerWithDeposit();
    expect((await cancelDeposit(canceled.client, String(canceled.accountId), String(canceled.depositId))).status).toBe(200);
    const ref = reference(canceled.client, canceled.reference);
    await runInDurableObject(ref, (_instance, state) => state.storage.sql.exec("UPDATE deposits SET state = 'matched', payment_id = 1 WHERE deposit_id = ?", canceled.depositId));
    expect((await auditOf(canceled.client.partner.id)).mismatches).toEqual([expect.objectContaining({ kind: "deposit_canceled_but_matched", actual: "canceled" })]);
    await runInDurableObject(ref, (_instance, state) => state.storage.sql.exec("UPDATE deposits SET state = 'open' WHERE deposit_id = ?", canceled.depositId));
    expect((await auditOf(canceled.client.partner.id)).mismatches).toEqual([expect.objectContaining({ kind: "deposit_canceled_still_matchable", expected: "open" })]);
  });

  it("a cancel or a registration that never reached the other side, once overdue", async () => {
    const unregistered = await partnerWithDeposit();
    await runInDurableObject(reference(unregistered.client, unregistered.reference), (_instance, state) => state.storage.sql.exec("DELETE FROM deposits"));
    expect(await auditOf(unregistered.client.partner.id)).toMatchObject({ mismatches: [], decisions_in_flight: 1 });
    expect((await auditOf(unregistered.client.partner.id, 0)).mismatches).toEqual([expect.objectContaining({ kind: "deposit_not_registered", expected: "unregistered", actual: "open" })]);

    const stranded = await partnerWithDeposit();
    await reference(stranded.client, stranded.reference).cancel({
      partnerId: stranded.client.partner.id,
      paymentReference: stranded.reference,
      depositId: stranded.depositId,
      accountId: stranded.accountId,
      currency: "EUR",
      amountMinor: 3000,
      standing: { active: true, version: 0 },
    });
    expect((await auditOf(stranded.client.partner.id, 0)).mismatches).toEqual([expect.objectContaining({ kind: "deposit_cancel_not_applied", expected: "canceled", actual: "open" })]);
  });

  it("a payment whose deposits do not sum to it, a deposit funded twice, and D1 copies that disagree", async () => {
    const { client, depositId, reference: ref } = await partnerWithDeposit();
    const payment = await reportPayment(client, { payment_reference: ref, amount: "30.00" });
    expect(await auditOf(client.partner.id)).toMatchObject({ mismatches: [] });

    await runInDurableObject(reference(client, ref), (_instance, state) => {
      state.storage.sql.exec("UPDATE payments SET amount_minor = 3001 WHERE id = ?", Number(payment.id));
      state.storage.sql.exec("INSERT INTO payments (id, payment_reference, amount_minor, currency, status, deposit_ids, created_at) VALUES (?, ?, 3000, 'EUR', 'matched', ?, '2026-01-01T00:00:00.000Z')", 999_999_777, ref, JSON.stringify([depositId]));
    });
    await env.DB.prepare("UPDATE deposits SET status = 'open' WHERE id = ?").bind(depositId).run();
    const kinds = (await auditOf(client.partner.id)).mismatches.map((mismatch) => mismatch.kind).sort();
    expect(kinds).toEqual(["deposit_funded_twice", "history_deposit", "history_payment", "history_payment", "payment_amount_mismatch"]);
  });
});

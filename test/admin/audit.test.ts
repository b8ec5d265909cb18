import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountObject } from "../../src/account/stub";
import { BASE, qashSession } from "../support/fixtures";
import { deposit, openQashAccount } from "../support/ledger";
import { createDeposit, openAccount, reportPayment, sophicClient } from "../support/sophic";

type Report = { accounts_checked: number; entries_checked: number; mismatches: Record<string, unknown>[]; projection_backlog: number; next_after: number | null };

async function auditOf(partnerId: string, query = ""): Promise<Report> {
  const response = await SELF.fetch(`${BASE}/admin/audit?partner_id=${partnerId}${query}`, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.json<Report>();
}

/** A partner with history in both dialects: Qash credits, Sophic deposits funded and open. */
async function busyPartner() {
  const session = await qashSession();
  const client = await sophicClient(session.partner);
  const qashAccount = await openQashAccount(session, "USD");
  for (const amount of [100, 250]) expect((await deposit(session, { toAccountId: qashAccount, amount, currency: "USD" })).status).toBe(200);
  const sophicAccount = await openAccount(client);
  const funded = await createDeposit(client, sophicAccount.id, { amount: "40.00", currency: "EUR", request_advance: true });
  await createDeposit(client, sophicAccount.id, { amount: "7.50", currency: "EUR" });
  await reportPayment(client, { payment_reference: funded.payment_reference, amount: "40.00", currency: "EUR" });
  return { partnerId: session.partner.id, qashAccount, sophicAccount: Number(sophicAccount.id) };
}

describe("GET /admin/audit", () => {
  it("finds nothing wrong in a clean ledger and counts what it checked", async () => {
    const { partnerId } = await busyPartner();
    const report = await auditOf(partnerId);
    expect(report).toEqual({
      accounts_checked: 2,
      entries_checked: 2 * 2 + 2 + 2 + 4,
      references_checked: 2,
      mismatches: [],
      projection_backlog: 0,
      decisions_in_flight: 0,
      next_after: null,
    });
  });

  it("reports a corrupted D1 journal entry, and the books it unbalances", async () => {
    const { partnerId, qashAccount } = await busyPartner();
    await auditOf(partnerId);
    await env.DB.prepare("UPDATE journal_entries SET amount_minor = amount_minor + 1 WHERE account_id = ? AND ledger_account LIKE 'account:%'").bind(qashAccount).run();
    const report = await auditOf(partnerId);
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        { account_id: qashAccount, kind: "history_balance", currency: "USD", bucket: "settled", expected: 350, actual: 352 },
        { account_id: null, kind: "books_unbalanced", currency: "USD", expected: 0, actual: -2 },
      ]),
    );
  });

  it("reports a D1 transaction whose amount was altered or that went missing", async () => {
    const { partnerId, qashAccount, sophicAccount } = await busyPartner();
    await auditOf(partnerId);
    await env.DB.prepare("UPDATE transactions SET amount_minor = 999 WHERE account_id = ? AND amount_minor = 100").bind(qashAccount).run();
    await env.DB.prepare("DELETE FROM transactions WHERE account_id = ? AND kind = 'deposit_completion'").bind(sophicAccount).run();
    const report = await auditOf(partnerId);
    expect(report.mismatches).toEqual([
      { account_id: qashAccount, kind: "history_transactions", transaction_kind: "deposit", expected: "2 for 350", actual: "2 for 1249" },
      { account_id: sophicAccount, kind: "history_transactions", transaction_kind: "deposit_completion", expected: "1 for 4000", actual: "0 for 0" },
    ]);
  });

  it("reports an object whose stored balance disagrees with its own journal", async () => {
    const { partnerId, qashAccount } = await busyPartner();
    await runInDurableObject(accountObject(env, qashAccount), (_instance, state) => {
      state.storage.sql.exec("UPDATE balances SET credits_minor = credits_minor + 5 WHERE bucket = 'settled'");
    });
    const report = await auditOf(partnerId);
    expect(report.mismatches).toEqual(
      expect.arrayContaining([{ account_id: qashAccount, kind: "object_journal", currency: "USD", bucket: "settled", expected: 350, actual: 355 }]),
    );
  });

  it("pages through accounts and refuses a caller without the admin token", async () => {
    const { partnerId, qashAccount, sophicAccount } = await busyPartner();
    const first = await auditOf(partnerId, "&limit=1");
    expect(first).toMatchObject({ accounts_checked: 1, next_after: Math.min(qashAccount, sophicAccount) });
    const second = await auditOf(partnerId, `&limit=1&after=${first.next_after}`);
    expect(second).toMatchObject({ accounts_checked: 1, mismatches: [] });
    const third = await auditOf(partnerId, `&limit=1&after=${Math.max(qashAccount, sophicAccount)}`);
    expect(third).toMatchObject({ accounts_checked: 0, next_after: null });
    const anonymous = await SELF.fetch(`${BASE}/admin/audit`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: "unauthorized" });
  });
});

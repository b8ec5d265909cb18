// Qash history is what moved the Qash balance (the account's settled cash), each movement once, even when
// the same account is also funded through the Sophic dialect.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, qashSession, type QashSession } from "../support/fixtures";
import { balanceOf, deposit, openQashAccount, project } from "../support/ledger";
import { cancelDeposit, createDeposit, listTransactions, reportPayment, sophicClient } from "../support/sophic";

type Item = { id: number; accountId: number; amount: number; currency: string; status: string };
type Page = { items: Item[]; total: number; pages: number; page: number; limit: number };

async function getJson<T>(session: QashSession, path: string, status = 200): Promise<T> {
  const response = await SELF.fetch(`${BASE}/api/v1${path}`, { headers: session.headers });
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** A Qash EUR account funded both ways: an advanced Sophic deposit paid in, another canceled, a Qash credit. */
async function fundedBothWays() {
  const session = await qashSession();
  const accountId = await openQashAccount(session, "EUR", "Both ways");
  const client = await sophicClient(session.partner);
  const funded = await createDeposit(client, String(accountId), { amount: "30.00", currency: "EUR", request_advance: true });
  expect((await reportPayment(client, { payment_reference: funded.payment_reference, amount: "30.00", currency: "EUR" })).status).toBe("matched");
  const doomed = await createDeposit(client, String(accountId), { amount: "7.00", currency: "EUR", request_advance: true });
  expect((await cancelDeposit(client, String(accountId), doomed.id)).status).toBe(200);
  const credit = await (await deposit(session, { toAccountId: accountId, amount: 1_234, currency: "EUR" })).json<{ id: number }>();
  expect(await project(accountId)).toBe(0);
  const completion = (await listTransactions(client, String(accountId))).find((row) => row.reference === funded.id);
  if (completion === undefined) throw new Error("the funded deposit has no cash transaction");
  const kinds = await env.DB.prepare("SELECT id, kind FROM transactions WHERE account_id = ? ORDER BY id").bind(accountId).all<{ id: number; kind: string }>();
  return { session, accountId, creditId: credit.id, completionId: Number(completion.id), ledgerRows: kinds.results };
}

describe("Qash history lists only what moved the Qash balance", () => {
  it("shows a Qash credit and a funded Sophic deposit, each once, summing to the balance; openings and cancels are not there", async () => {
    const { session, accountId, creditId, completionId, ledgerRows } = await fundedBothWays();
    // The ledger itself holds five transactions: two openings, a completion, a cancel and the credit.
    expect(ledgerRows.map((row) => row.kind).sort()).toEqual(["deposit", "deposit_cancel", "deposit_completion", "deposit_open", "deposit_open"]);
    const balance = await balanceOf(session, accountId);
    expect(balance).toBe(3_000 + 1_234);
    const cash = [creditId, completionId];

    const recent = await getJson<Page>(session, "/user/transactions?size=100");
    expect(recent.items.map((item) => item.id)).toEqual(cash);
    expect(recent).toMatchObject({ total: 2, pages: 1, page: 1, limit: 100 });
    expect(recent.items.reduce((sum, item) => sum + item.amount, 0)).toBe(balance);
    expect(recent.items.map((item) => [item.accountId, item.currency, item.status])).toEqual([
      [accountId, "EUR", "COMPLETED"],
      [accountId, "EUR", "COMPLETED"],
    ]);
    // total and pages count only the cash, so a page of one is one of two pages.
    expect(await getJson<Page>(session, "/user/transactions?size=1")).toMatchObject({ items: [{ id: creditId }], total: 2, pages: 2 });

    const byAccount = await getJson<Page>(session, `/user/transactions?accountId=${accountId}&limit=100&offset=0`);
    expect(byAccount).toEqual({ ...recent, limit: 100 });
    const secondPage = await getJson<Page>(session, `/user/transactions?accountId=${accountId}&limit=1&offset=1`);
    expect(secondPage).toMatchObject({ items: [{ id: completionId, amount: 3_000 }], total: 2, pages: 2, page: 2 });

    for (const item of recent.items) expect(await getJson<Item>(session, `/user/transactions/${item.id}`)).toEqual(item);
  });

  it("answers a non-cash transaction's id exactly as a missing one", async () => {
    const { session, ledgerRows } = await fundedBothWays();
    const missing = await getJson<unknown>(session, "/user/transactions/999999999999", 404);
    const hidden = ledgerRows.filter((row) => row.kind === "deposit_open" || row.kind === "deposit_cancel");
    expect(hidden).toHaveLength(3);
    for (const row of hidden) expect(await getJson<unknown>(session, `/user/transactions/${row.id}`, 404)).toEqual(missing);
  });
});

// An Idempotency-Key belongs to its caller (the partner, or for /api/v1/user/* the partner's user), not to the
// object a request names: the same key with another request of the same caller is 409 whichever account,
// reference or resource that request names, and stays exactly-once under concurrency across objects.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { referenceObject } from "../../src/reference/stub";
import { BASE, qashSession } from "../support/fixtures";
import { deposit, ledgerState, openQashAccount } from "../support/ledger";
import { cashBalance, createDeposit, expectSophicError, listDeposits, openAccount, postDeposit, postPayment, sophicClient } from "../support/sophic";

const keyed = (key: string) => ({ "Idempotency-Key": key });

async function inboundPaymentsOf(partnerId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM inbound_payments WHERE partner_id = ?").bind(partnerId).first<{ n: number }>();
  return row?.n ?? 0;
}

describe("Idempotency-Key scoped to the caller across objects", () => {
  it("a Qash key that credited one account is 409 on another account of the same user, which stays untouched", async () => {
    const session = await qashSession();
    const first = await openQashAccount(session);
    const second = await openQashAccount(session);
    const untouched = await ledgerState(session, second);

    expect((await deposit(session, { toAccountId: first, amount: 500 }, keyed("topup-1"))).status).toBe(200);
    const reused = await deposit(session, { toAccountId: second, amount: 500 }, keyed("topup-1"));
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ success: false, code: "IDEMPOTENCY_KEY_CONFLICT" });
    expect(await ledgerState(session, second)).toEqual(untouched);
    // The key still replays its own request.
    const replay = await deposit(session, { toAccountId: first, amount: 500 }, keyed("topup-1"));
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await ledgerState(session, first)).balance).toBe(500);
  });

  it("concurrent requests under one key naming two accounts move money once, in one account", async () => {
    const session = await qashSession();
    const accounts = [await openQashAccount(session), await openQashAccount(session)];
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => deposit(session, { toAccountId: accounts[index % 2] as number, amount: 300 }, keyed("race"))),
    );
    const statuses = answers.map((answer) => answer.status);
    for (const status of statuses) expect([200, 409]).toContain(status);
    const balances = await Promise.all(accounts.map(async (accountId) => (await ledgerState(session, accountId)).balance));
    expect([...balances].sort((a, b) => a - b)).toEqual([0, 300]);
    const winner = accounts[balances.indexOf(300)] as number;
    const successes = answers.filter((answer, index) => answer.status === 200 && accounts[index % 2] === winner);
    expect(successes.length).toBe(statuses.filter((status) => status === 200).length);
  });

  it("one user's key is not another user's: the same key opens an account for each, never a replay of the other's", async () => {
    const first = await qashSession();
    const second = await qashSession(first.partner);
    const open = (session: typeof first, asset: string) =>
      SELF.fetch(`${BASE}/api/v1/user/accounts`, { method: "POST", headers: { ...session.headers, ...keyed("open-wallet") }, body: JSON.stringify({ description: "Wallet", asset }) });
    const mine = await open(first, "EUR");
    expect(mine.status).toBe(201);
    const theirs = await open(second, "EUR");
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("Idempotent-Replayed")).toBeNull();
    const [mineId, theirsId] = [(await mine.json<{ id: number }>()).id, (await theirs.json<{ id: number }>()).id];
    expect(theirsId).not.toBe(mineId);
    // Each user's own retry replays their own account.
    const again = await open(second, "EUR");
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await again.json<{ id: number }>()).id).toBe(theirsId);
  });

  it("a key that opened an account is 409 on a deposit of the same user (one namespace for every POST)", async () => {
    const session = await qashSession();
    const opened = await SELF.fetch(`${BASE}/api/v1/user/accounts`, {
      method: "POST",
      headers: { ...session.headers, ...keyed("one-key") },
      body: JSON.stringify({ description: "Wallet", asset: "MXN" }),
    });
    expect(opened.status).toBe(201);
    const accountId = (await opened.json<{ id: number }>()).id;
    const before = await ledgerState(session, accountId);
    const credit = await deposit(session, { toAccountId: accountId, amount: 100 }, keyed("one-key"));
    expect(credit.status).toBe(409);
    expect(await ledgerState(session, accountId)).toEqual(before);
  });

  it("a refused request gives its key back, so the corrected request may use it", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const foreign = await deposit(session, { toAccountId: 99_999_999, amount: 100 }, keyed("fix-me"));
    expect(foreign.status).toBe(404);
    const corrected = await deposit(session, { toAccountId: accountId, amount: 100 }, keyed("fix-me"));
    expect(corrected.status).toBe(200);
    expect((await ledgerState(session, accountId)).balance).toBe(100);
  });

  it("a Sophic key that opened a deposit in one account is 409 in another account, which stays untouched", async () => {
    const client = await sophicClient();
    const first = await openAccount(client);
    const second = await openAccount(client);
    expect((await postDeposit(client, first.id, { request_advance: true }, keyed("dep-1"))).status).toBe(201);
    await expectSophicError(await postDeposit(client, second.id, { request_advance: true }, keyed("dep-1")), 409, "idempotency_key_conflict");
    expect(await listDeposits(client, second.id)).toEqual([]);
    expect((await cashBalance(client, second.id)).total).toBe("0.00");
    expect((await cashBalance(client, first.id)).total).toBe("100.00");
  });

  it("a key that reported one payment is 409 for a payment of another reference, which funds nothing", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const one = await createDeposit(client, account.id, { amount: "10.00" });
    const other = await createDeposit(client, account.id, { amount: "20.00" });
    expect((await postPayment(client, { payment_reference: one.payment_reference, amount: "10.00" }, keyed("pay-1"))).status).toBe(201);
    await expectSophicError(await postPayment(client, { payment_reference: other.payment_reference, amount: "20.00" }, keyed("pay-1")), 409, "idempotency_key_conflict");
    const deposits = await listDeposits(client, account.id);
    expect(deposits.find((deposit) => deposit.id === other.id)?.status).toBe("open");
    expect(deposits.find((deposit) => deposit.id === one.id)?.status).toBe("completed");
    expect(await inboundPaymentsOfAfterDrain(client.partner.id, [one.payment_reference, other.payment_reference])).toBe(1);
  });

  it("the partner's key and its user's key are different callers' keys, even on the same account", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session, "EUR");
    const client = await sophicClient(session.partner);
    expect((await deposit(session, { toAccountId: accountId, amount: 100, currency: "EUR" }, keyed("same-words"))).status).toBe(200);
    const sophic = await postDeposit(client, String(accountId), { amount: "5.00", request_advance: true }, keyed("same-words"));
    expect(sophic.status).toBe(201);
    expect(sophic.headers.get("Idempotent-Replayed")).toBeNull();
  });
});

/** The partner's inbound payments in D1, once the references' outboxes have drained. */
async function inboundPaymentsOfAfterDrain(partnerId: string, references: string[]): Promise<number> {
  for (const reference of references) await referenceObject(env, partnerId, reference).projectNow();
  return inboundPaymentsOf(partnerId);
}

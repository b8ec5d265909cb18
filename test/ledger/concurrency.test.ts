import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { accountObject } from "../../src/account/stub";
import { keyObject } from "../../src/keys/stub";
import { describe, expect, it } from "vitest";
import { BASE, qashSession } from "../support/fixtures";
import { balanceOf, deposit, depositBody, historyRows, journalCheck, openQashAccount, project } from "../support/ledger";

describe("concurrent deposits into one account", () => {
  it("300 at once: exact balance, 300 transactions of two legs, 300 D1 rows, all ids distinct", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const amounts = Array.from({ length: 300 }, (_, index) => index + 1);
    const responses = await Promise.all(amounts.map((amount) => deposit(session, { toAccountId: accountId, amount })));
    expect(responses.map((response) => response.status)).toEqual(amounts.map(() => 200));
    const ids = await Promise.all(responses.map(async (response) => (await response.json<{ id: number }>()).id));
    expect(new Set(ids).size).toBe(300);

    const expected = amounts.reduce((sum, amount) => sum + amount, 0);
    expect(await balanceOf(session, accountId)).toBe(expected);
    expect(await journalCheck(accountId)).toEqual({ accountId, entries: 600, mismatches: [] });
    expect(await project(accountId)).toBe(0);
    expect(await historyRows(accountId)).toEqual({ transactions: 300, entries: 600 });
    const projected = await env.DB.prepare("SELECT SUM(amount_minor) AS total, COUNT(DISTINCT id) AS ids FROM transactions WHERE account_id = ?")
      .bind(accountId)
      .first<{ total: number; ids: number }>();
    expect(projected).toEqual({ total: expected, ids: 300 });
  });

  it("ids stay distinct across accounts filling their blocks at the same time", async () => {
    const session = await qashSession();
    const accounts = await Promise.all([openQashAccount(session), openQashAccount(session), openQashAccount(session)]);
    const responses = await Promise.all(accounts.flatMap((accountId) => Array.from({ length: 40 }, () => deposit(session, { toAccountId: accountId, amount: 1 }))));
    const ids = await Promise.all(responses.map(async (response) => (await response.json<{ id: number }>()).id));
    expect(new Set([...ids, ...accounts]).size).toBe(ids.length + accounts.length);
  });
});

describe("Idempotency-Key", () => {
  it("50 concurrent requests with one key move money once; every answer is 200 or 409", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => deposit(session, { toAccountId: accountId, amount: 4_200 }, { "Idempotency-Key": "same-key-50" })),
    );
    for (const response of responses) expect([200, 409]).toContain(response.status);
    const succeeded = responses.filter((response) => response.status === 200);
    const ids = new Set(await Promise.all(succeeded.map(async (response) => (await response.json<{ id: number }>()).id)));
    expect(ids.size).toBe(1);
    expect(succeeded.filter((response) => response.headers.get("Idempotent-Replayed") === "true").length).toBe(succeeded.length - 1);
    expect(await balanceOf(session, accountId)).toBe(4_200);
    expect(await journalCheck(accountId)).toEqual({ accountId, entries: 2, mismatches: [] });
    await project(accountId);
    expect(await historyRows(accountId)).toEqual({ transactions: 1, entries: 2 });
  });

  it("replays the first answer, refuses another body under the same key, and refuses keys over 255 characters", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const first = await deposit(session, { toAccountId: accountId, amount: 100 }, { "Idempotency-Key": "k-1" });
    expect(first.status).toBe(200);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const firstBody = await first.json();

    // The same body with its keys in another order is the same request.
    const reordered = await SELF.fetch(`${BASE}/api/v1/user/deposit`, {
      method: "POST",
      headers: { ...session.headers, "Idempotency-Key": "k-1" },
      body: JSON.stringify(Object.fromEntries(Object.entries(depositBody({ toAccountId: accountId, amount: 100 })).reverse())),
    });
    expect(reordered.status).toBe(200);
    expect(reordered.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await reordered.json()).toEqual(firstBody);

    const conflict = await deposit(session, { toAccountId: accountId, amount: 101 }, { "Idempotency-Key": "k-1" });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ success: false, code: "IDEMPOTENCY_KEY_CONFLICT" });

    const tooLong = await deposit(session, { toAccountId: accountId, amount: 100 }, { "Idempotency-Key": "k".repeat(256) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ success: false, code: "IDEMPOTENCY_KEY_TOO_LONG" });
    const longest = await deposit(session, { toAccountId: accountId, amount: 100 }, { "Idempotency-Key": "k".repeat(255) });
    expect(longest.status).toBe(200);

    expect(await balanceOf(session, accountId)).toBe(200);
  });

  it("keeps a key for at least 24 hours and forgets it after the 48-hour retention", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    await deposit(session, { toAccountId: accountId, amount: 100 }, { "Idempotency-Key": "day-old" });
    await deposit(session, { toAccountId: accountId, amount: 100 }, { "Idempotency-Key": "two-days-old" });
    const scope = `user:${session.partner.id}:${session.userId}`;
    const stub = accountObject(env, accountId);
    // The account keeps each answer under the key within its caller's scope; the caller's key object binds the key.
    const age = async (key: string, hours: number) => {
      const ms = hours * 60 * 60 * 1000;
      await runInDurableObject(stub, (_instance, state) => {
        state.storage.sql.exec("UPDATE idempotency_records SET created_at_ms = created_at_ms - ? WHERE key = ?", ms, `${scope}\n${key}`);
      });
      await runInDurableObject(keyObject(env, session.partner.id, scope, key), (_instance, state) => {
        state.storage.sql.exec("UPDATE keys SET created_at_ms = created_at_ms - ? WHERE scope = ? AND key = ?", ms, scope, key);
      });
    };
    await age("day-old", 25);
    await age("two-days-old", 49);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const keys = await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ key: string }>("SELECT key FROM idempotency_records").toArray().map((row) => row.key));
    expect(keys).toEqual([`${scope}\nday-old`]);
    const forgotten = keyObject(env, session.partner.id, scope, "two-days-old");
    await runInDurableObject(forgotten, (instance) => instance.alarm());
    expect(await runInDurableObject(forgotten, (_instance, state) => state.storage.sql.exec("SELECT 1 FROM keys WHERE key = 'two-days-old'").toArray().length)).toBe(0);

    // Forgotten everywhere, the old key is free again: another request may use it.
    const reused = await deposit(session, { toAccountId: accountId, amount: 7 }, { "Idempotency-Key": "two-days-old" });
    expect(reused.status).toBe(200);
    expect(reused.headers.get("Idempotent-Replayed")).toBeNull();
    const replay = await deposit(session, { toAccountId: accountId, amount: 100 }, { "Idempotency-Key": "day-old" });
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await balanceOf(session, accountId)).toBe(207);
  });
});

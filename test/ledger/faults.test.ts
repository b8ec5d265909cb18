import { abortAllDurableObjects, env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountObject } from "../../src/account/account-object";
import { accountObject } from "../../src/account/stub";
import { ProjectionHub } from "../../src/projection/projection-hub";
import type { FailingD1 } from "../support/failing-d1";
import { failHubOf, healHubs, hubOf, pendingHistory } from "../support/failing-hub";
import { qashSession } from "../support/fixtures";
import { balanceOf, deposit, historyRows, journalCheck, openQashAccount, project } from "../support/ledger";

/** The D1 the account's projection hub writes to fails from now on, until the test heals it. */
const installFailingHistory = (accountId: number): Promise<FailingD1> => failHubOf(accountObject(env, accountId));

const backlogOf = (accountId: number) => pendingHistory(accountObject(env, accountId));

afterEach(healHubs);

describe("D1 failing during projection", () => {
  it("deposits still succeed; history converges through alarms once D1 is back, nothing duplicated", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const failing = await installFailingHistory(accountId);

    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => deposit(session, { toAccountId: accountId, amount: 100 + index })));
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(await balanceOf(session, accountId)).toBe(20 * 100 + 190);
    expect(await historyRows(accountId)).toEqual({ transactions: 0, entries: 0 });
    expect(await backlogOf(accountId)).toBeGreaterThan(0);

    // The hub's alarm during the outage retries, fails, and schedules the next attempt.
    const hub = hubOf(accountObject(env, accountId));
    expect(await runDurableObjectAlarm(hub)).toBe(true);
    expect(await historyRows(accountId)).toEqual({ transactions: 0, entries: 0 });
    expect(failing.batchCalls).toBeGreaterThan(1);

    failing.mode = "healthy";
    expect(await runDurableObjectAlarm(hub)).toBe(true);
    expect(await backlogOf(accountId)).toBe(0);
    expect(await historyRows(accountId)).toEqual({ transactions: 20, entries: 40 });
    expect(await journalCheck(accountId)).toEqual({ accountId, entries: 40, mismatches: [] });
  });

  it("a D1 that fails N calls then recovers converges with every row once", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const failing = await installFailingHistory(accountId);
    failing.failuresLeft = 3;
    for (let index = 0; index < 5; index += 1) expect((await deposit(session, { toAccountId: accountId, amount: 10 })).status).toBe(200);
    for (let attempt = 0; attempt < 5 && (await backlogOf(accountId)) > 0; attempt += 1) await runDurableObjectAlarm(hubOf(accountObject(env, accountId)));
    expect(await backlogOf(accountId)).toBe(0);
    expect(await historyRows(accountId)).toEqual({ transactions: 5, entries: 10 });
  });

  it("a batch that landed but whose acknowledgement was lost is retried without duplicating rows", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const failing = await installFailingHistory(accountId);
    failing.mode = "lose-ack";
    failing.failuresLeft = 2;
    for (let index = 0; index < 6; index += 1) expect((await deposit(session, { toAccountId: accountId, amount: 7 })).status).toBe(200);
    for (let attempt = 0; attempt < 5 && (await backlogOf(accountId)) > 0; attempt += 1) await project(accountId);
    expect(await backlogOf(accountId)).toBe(0);
    expect(await historyRows(accountId)).toEqual({ transactions: 6, entries: 12 });
    const sum = await env.DB.prepare("SELECT SUM(amount_minor) AS total FROM transactions WHERE account_id = ?").bind(accountId).first<{ total: number }>();
    expect(sum?.total).toBe(42);
  });
});

describe("the account object evicted or aborted", () => {
  it("between commands loses nothing", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const ids: number[] = [];
    const credit = async (amount: number) => {
      const response = await deposit(session, { toAccountId: accountId, amount }, { "Idempotency-Key": `evict-${amount}` });
      expect(response.status).toBe(200);
      ids.push((await response.json<{ id: number }>()).id);
    };
    await credit(1);
    await credit(2);
    await evictDurableObject(accountObject(env, accountId));
    await credit(4);
    await abortAllDurableObjects();
    await credit(8);
    await evictDurableObject(accountObject(env, accountId));

    // A retried key after the eviction still replays rather than crediting again.
    const retry = await deposit(session, { toAccountId: accountId, amount: 2 }, { "Idempotency-Key": "evict-2" });
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await balanceOf(session, accountId)).toBe(15);
    expect(new Set(ids).size).toBe(4);
    expect(await journalCheck(accountId)).toEqual({ accountId, entries: 8, mismatches: [] });
    expect(await project(accountId)).toBe(0);
    expect(await historyRows(accountId)).toEqual({ transactions: 4, entries: 8 });
  });

  it("aborted while deposits are in flight keeps exactly the deposits it acknowledged", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const inFlight = Array.from({ length: 30 }, (_, index) => deposit(session, { toAccountId: accountId, amount: 1_000 + index }).catch(() => null));
    await abortAllDurableObjects();
    const settled = await Promise.all(inFlight);
    let acknowledged = 0;
    for (const [index, response] of settled.entries()) if (response?.status === 200) acknowledged += 1_000 + index;

    // A refused or broken request may still have committed just before the abort: the journal tells.
    const check = await journalCheck(accountId);
    expect(check.mismatches).toEqual([]);
    const balance = await balanceOf(session, accountId);
    expect(balance).toBeGreaterThanOrEqual(acknowledged);
    expect(await project(accountId)).toBe(0);
    const history = await env.DB.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS total FROM transactions WHERE account_id = ?")
      .bind(accountId)
      .first<{ n: number; total: number }>();
    expect(history).toEqual({ n: check.entries / 2, total: balance });
  });
});

describe("the projection hub failing", () => {
  it("unreachable: deposits still succeed and wait in the account's outbox until the hub takes them", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const stub = accountObject(env, accountId);
    const accept = ProjectionHub.prototype.accept;
    ProjectionHub.prototype.accept = () => {
      throw new Error("simulated: projection hub unreachable");
    };
    try {
      for (let index = 0; index < 4; index += 1) expect((await deposit(session, { toAccountId: accountId, amount: 5 })).status).toBe(200);
      await runDurableObjectAlarm(stub);
      expect(await stub.projectionBacklog()).toBe(4);
      expect(await historyRows(accountId)).toEqual({ transactions: 0, entries: 0 });
    } finally {
      ProjectionHub.prototype.accept = accept;
    }
    expect(await project(accountId)).toBe(0);
    expect(await historyRows(accountId)).toEqual({ transactions: 4, entries: 8 });
  });

  it("evicted while it holds records it took: they reach D1 once, by its alarm", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const failing = await installFailingHistory(accountId);
    for (let index = 0; index < 3; index += 1) expect((await deposit(session, { toAccountId: accountId, amount: 9 })).status).toBe(200);
    await project(accountId);
    expect(await accountObject(env, accountId).projectionBacklog()).toBe(0);
    const hub = hubOf(accountObject(env, accountId));
    expect(await hub.backlog()).toBeGreaterThanOrEqual(3);
    failing.mode = "healthy";
    await evictDurableObject(hub);
    // A new instance has the real D1 again; the records it took survived in its storage.
    expect(await runDurableObjectAlarm(hub)).toBe(true);
    expect(await historyRows(accountId)).toEqual({ transactions: 3, entries: 6 });
    expect(await hub.backlog()).toBe(0);
  });
});

// The user's status on the deposit path: each account object keeps an exact copy (src/account/owner-status.ts),
// so a deposit reads no user row from D1, and a status change that was answered holds on every account.
import { env, evictDurableObject, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountObject } from "../../src/account/account-object";
import { accountObject } from "../../src/account/stub";
import { idAllocator } from "../../src/ids/id-allocator";
import type { FailingD1 } from "../support/failing-d1";
import { failHubOf, healHubs } from "../support/failing-hub";
import { BASE, partnerHeaders, qashSession, type QashSession } from "../support/fixtures";
import { deposit, historyRows, journalCheck, ledgerState, openQashAccount, project } from "../support/ledger";

type OwnerRow = { status: string; status_version: number; confirmed: number };

afterEach(healHubs);

const forbidden = (status: string) => ({ success: false, message: `User account is ${status}`, code: "FORBIDDEN" });

function patchStatus(session: QashSession, status: string): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1/partner/users/${session.userId}`, {
    method: "PATCH",
    headers: partnerHeaders(session.partner),
    body: JSON.stringify({ status }),
  });
}

async function setStatus(session: QashSession, status: string): Promise<void> {
  const response = await patchStatus(session, status);
  expect(response.status).toBe(200);
}

function ownerRow(accountId: number): Promise<OwnerRow | undefined> {
  return runInDurableObject(accountObject(env, accountId), (_instance, state) =>
    state.storage.sql.exec<OwnerRow>("SELECT status, status_version, confirmed FROM account_owner").toArray()[0],
  );
}

/**
 * What a refused deposit must leave as it was, read without the user's token (which a suspension refuses):
 * the object's exact balances and journal, and the D1 history once the outbox has drained.
 */
async function booksOf(accountId: number) {
  await project(accountId);
  const balances = await runInDurableObject(accountObject(env, accountId), (_instance, state) =>
    state.storage.sql.exec("SELECT * FROM balances ORDER BY currency, bucket").toArray(),
  );
  return { journal: await journalCheck(accountId), balances, history: await historyRows(accountId) };
}

async function userVersion(userId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT status_version FROM users WHERE id = ?").bind(userId).first<{ status_version: number }>();
  return row?.status_version ?? -1;
}

/** Opens an account through the object itself, while D1 refuses its registry row: its copy stays unconfirmed. */
async function openWhileD1Refuses(session: QashSession): Promise<{ accountId: number; failing: FailingD1 }> {
  const { first: accountId } = await idAllocator(env).reserve(1);
  const failing = await failHubOf(accountObject(env, accountId));
  const opened = await accountObject(env, accountId).open({
    accountId,
    partnerId: session.partner.id,
    userId: session.userId,
    name: "Opened during an outage",
    reference: null,
    type: "LIABILITY",
    baseCurrency: "MXN",
    fundingCurrencies: ["MXN"],
    ownerStatus: { status: "active", version: await userVersion(session.userId) },
  });
  expect(opened.ok).toBe(true);
  return { accountId, failing };
}

describe("the owner's status copy", () => {
  it("is confirmed when an account opens, at the user's current version", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    expect(await ownerRow(accountId)).toEqual({ status: "active", status_version: await userVersion(session.userId), confirmed: 1 });
  });

  it("follows every status change, on every account of the user", async () => {
    const session = await qashSession();
    const accounts = [await openQashAccount(session), await openQashAccount(session), await openQashAccount(session)];
    await setStatus(session, "suspended");
    for (const accountId of accounts) {
      expect(await ownerRow(accountId)).toMatchObject({ status: "suspended", confirmed: 1 });
      const before = await booksOf(accountId);
      const response = await deposit(session, { toAccountId: accountId, amount: 100 });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(forbidden("suspended"));
      expect(await booksOf(accountId)).toEqual(before);
    }
    await setStatus(session, "banned");
    await setStatus(session, "active");
    for (const accountId of accounts) expect((await deposit(session, { toAccountId: accountId, amount: 100 })).status).toBe(200);
  });

  it("keeps the highest version whatever order the copies arrive in", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const version = await userVersion(session.userId);
    const stub = accountObject(env, accountId);
    await stub.applyOwnerStatus(session.userId, { status: "suspended", version: version + 2 });
    await stub.applyOwnerStatus(session.userId, { status: "active", version: version + 1 });
    expect(await ownerRow(accountId)).toMatchObject({ status: "suspended", status_version: version + 2 });
  });

  it("refuses a status for a user who does not own the account, and changes nothing", async () => {
    const session = await qashSession();
    const other = await qashSession(session.partner);
    const accountId = await openQashAccount(session);
    await runInDurableObject(accountObject(env, accountId), (instance: AccountObject) => {
      expect(() => instance.applyOwnerStatus(other.userId, { status: "banned", version: 1_000 })).toThrow(/does not own/);
    });
    expect(await ownerRow(accountId)).toMatchObject({ status: "active" });
  });
});

describe("a user who is not active hears 403 before any other answer, as from the D1 check", () => {
  it("for a deposit into another user's account", async () => {
    const session = await qashSession();
    const other = await qashSession(session.partner);
    const foreign = await openQashAccount(other);
    await setStatus(session, "suspended");
    const before = await ledgerState(other, foreign);
    const response = await deposit(session, { toAccountId: foreign, amount: 100 });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(forbidden("suspended"));
    expect(await ledgerState(other, foreign)).toEqual(before);
  });

  it("for a deposit with an invalid body", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    await setStatus(session, "banned");
    const before = await booksOf(accountId);
    const response = await deposit(session, { toAccountId: accountId, amount: "a lot" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(forbidden("banned"));
    expect(await booksOf(accountId)).toEqual(before);
  });

  it("for a replay of a key the user used while active, which moves nothing", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const key = { "Idempotency-Key": crypto.randomUUID() };
    expect((await deposit(session, { toAccountId: accountId, amount: 100 }, key)).status).toBe(200);
    await setStatus(session, "suspended");
    const response = await deposit(session, { toAccountId: accountId, amount: 100 }, key);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(forbidden("suspended"));
    await setStatus(session, "active");
    const replay = await deposit(session, { toAccountId: accountId, amount: 100 }, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await ledgerState(session, accountId)).balance).toBe(100);
  });
});

describe("a suspension that was answered stops every deposit after it", () => {
  it("while deposits race with it", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const racing = Array.from({ length: 20 }, () => deposit(session, { toAccountId: accountId, amount: 1 }));
    const suspended = await patchStatus(session, "suspended");
    expect(suspended.status).toBe(200);
    const after = await Promise.all(Array.from({ length: 10 }, () => deposit(session, { toAccountId: accountId, amount: 1 })));
    expect(after.map((response) => response.status)).toEqual(Array.from({ length: 10 }, () => 403));
    const raced = await Promise.all(racing);
    for (const response of raced) expect([200, 403]).toContain(response.status);
    await setStatus(session, "active");
    const credited = raced.filter((response) => response.status === 200).length;
    expect((await ledgerState(session, accountId)).balance).toBe(credited);
  });
});

describe("an account whose registry row has not reached D1", () => {
  it("checks D1 on each deposit until its copy is confirmed, then confirms it from D1", async () => {
    const session = await qashSession();
    const { accountId, failing } = await openWhileD1Refuses(session);
    expect(await ownerRow(accountId)).toMatchObject({ status: "active", confirmed: 0 });
    expect((await deposit(session, { toAccountId: accountId, amount: 100 })).status).toBe(200);

    // The registry does not list the account yet, so this change cannot be pushed to it...
    await setStatus(session, "suspended");
    expect(await ownerRow(accountId)).toMatchObject({ status: "active", confirmed: 0 });
    // ...and the deposit path, finding the copy unconfirmed, reads D1 and refuses.
    const refused = await deposit(session, { toAccountId: accountId, amount: 100 });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual(forbidden("suspended"));

    failing.mode = "healthy";
    expect(await project(accountId)).toBe(0);
    expect(await ownerRow(accountId)).toEqual({ status: "suspended", status_version: await userVersion(session.userId), confirmed: 1 });
    await setStatus(session, "active");
    expect(await ownerRow(accountId)).toMatchObject({ status: "active", confirmed: 1 });
    expect((await deposit(session, { toAccountId: accountId, amount: 100 })).status).toBe(200);
    expect((await ledgerState(session, accountId)).balance).toBe(200);
  });

  it("answers 503 to a status change that could not reach it, and the retry reaches it", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    // A registry row whose object cannot take the status: the push fails, so the change is not answered 200.
    const { first: broken } = await idAllocator(env).reserve(1);
    await env.DB.prepare(
      "INSERT INTO accounts (id, partner_id, user_id, name, type, number, base_currency, funding_currencies, status, created_at) VALUES (?, ?, ?, 'broken', 'LIABILITY', '0', 'MXN', '[\"MXN\"]', 'active', ?)",
    )
      .bind(broken, session.partner.id, session.userId, new Date().toISOString())
      .run();
    const failed = await patchStatus(session, "suspended");
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ success: false, code: "SERVICE_UNAVAILABLE" });
    // Every account the push did reach holds the change already.
    expect(await ownerRow(accountId)).toMatchObject({ status: "suspended" });
    await env.DB.prepare("DELETE FROM accounts WHERE id = ?").bind(broken).run();
    await setStatus(session, "suspended");
    expect(await ownerRow(accountId)).toMatchObject({ status: "suspended", status_version: await userVersion(session.userId) });
  });
});

describe("an account opened before the copy existed", () => {
  it("is migrated unconfirmed, checks D1 meanwhile, and confirms after its next drain", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const stub = accountObject(env, accountId);
    // Takes the object back to the schema before the copy: no account_owner table, three storage steps.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("DROP TABLE account_owner");
      state.storage.sql.exec("DELETE FROM schema_steps WHERE step > 3");
    });
    await evictDurableObject(stub);
    expect(await ownerRow(accountId)).toEqual({ status: "unknown", status_version: -1, confirmed: 0 });

    await setStatus(session, "suspended");
    expect((await deposit(session, { toAccountId: accountId, amount: 100 })).status).toBe(403);
    await setStatus(session, "active");
    expect((await deposit(session, { toAccountId: accountId, amount: 100 })).status).toBe(200);
    await project(accountId);
    expect(await ownerRow(accountId)).toEqual({ status: "active", status_version: await userVersion(session.userId), confirmed: 1 });
  });
});

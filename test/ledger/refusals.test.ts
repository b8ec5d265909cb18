import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountObject } from "../../src/account/stub";
import { BASE, createUser, partnerHeaders, qashSession, type QashSession } from "../support/fixtures";
import { deposit, depositBody, openQashAccount, project } from "../support/ledger";

/** Every byte a refused request could have touched: the object's balances and journal, D1's history. */
async function snapshot(accountId: number, session: QashSession) {
  await project(accountId);
  const stub = accountObject(env, accountId);
  const view = await stub.view({ partnerId: session.partner.id });
  const journal = await stub.checkJournal();
  const transactions = await env.DB.prepare("SELECT * FROM transactions WHERE account_id = ? ORDER BY id").bind(accountId).all();
  const entries = await env.DB.prepare("SELECT * FROM journal_entries WHERE account_id = ? ORDER BY transaction_id, leg").bind(accountId).all();
  return JSON.stringify({ balances: view?.balances, journal, transactions: transactions.results, entries: entries.results });
}

type Case = { name: string; status: number; code: string; message?: string; send: (ctx: Ctx) => Promise<Response> };
type Ctx = { session: QashSession; accountId: number; foreignAccountId: number; siblingAccountId: number };

const raw = (ctx: Ctx, body: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/api/v1/user/deposit`, { method: "POST", headers: { ...ctx.session.headers, ...headers }, body });

const cases: Case[] = [
  { name: "amount zero", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 0 }) },
  { name: "negative amount", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: -500 }) },
  { name: "fractional amount", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 10.5 }) },
  { name: "amount as a string", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: "100" }) },
  { name: "amount above the maximum", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 1e20 }) },
  { name: "amount missing", status: 400, code: "MISSING_PARAM", message: "amount is required", send: (ctx) => raw(ctx, JSON.stringify({ toAccountId: ctx.accountId, currency: "MXN", provider: "x", description: "x" })) },
  { name: "amount null", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: null }) },
  { name: "currency of another asset", status: 400, code: "CURRENCY_NOT_SUPPORTED", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100, currency: "USD" }) },
  { name: "unknown currency", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100, currency: "XXX" }) },
  { name: "lower-case currency", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100, currency: "mxn" }) },
  { name: "another partner's account", status: 404, code: "NOT_FOUND", message: "Account not found", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.foreignAccountId, amount: 100 }) },
  { name: "another user's account of the same partner", status: 404, code: "NOT_FOUND", message: "Account not found", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.siblingAccountId, amount: 100 }) },
  { name: "an account that does not exist", status: 404, code: "NOT_FOUND", send: (ctx) => deposit(ctx.session, { toAccountId: 9_007_199_254_740_991, amount: 100 }) },
  { name: "toAccountId as a string", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: String(ctx.accountId) as unknown as number, amount: 100 }) },
  { name: "malformed JSON", status: 400, code: "INVALID_REQUEST", send: (ctx) => raw(ctx, '{"toAccountId": 1, "amount": ') },
  { name: "a JSON array", status: 400, code: "INVALID_PARAM", send: (ctx) => raw(ctx, "[1,2,3]") },
  { name: "empty description", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100, description: "" }) },
  { name: "description too long", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100, description: "d".repeat(501) }) },
  { name: "provider missing", status: 400, code: "MISSING_PARAM", send: (ctx) => raw(ctx, JSON.stringify({ toAccountId: ctx.accountId, amount: 1, currency: "MXN", description: "x" })) },
  { name: "metadata too large", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100, metadata: { note: "m".repeat(5_000) } }) },
  { name: "payer of the wrong type", status: 400, code: "INVALID_PARAM", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100, metadata: { payer: "RFC" } }) },
  { name: "body over 64 KiB", status: 413, code: "PAYLOAD_TOO_LARGE", send: (ctx) => raw(ctx, JSON.stringify({ ...depositBody({ toAccountId: ctx.accountId, amount: 1 }), pad: "p".repeat(70_000) })) },
  { name: "Idempotency-Key too long", status: 400, code: "IDEMPOTENCY_KEY_TOO_LONG", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 100 }, { "Idempotency-Key": "x".repeat(256) }) },
  { name: "Idempotency-Key reused with another body", status: 409, code: "IDEMPOTENCY_KEY_CONFLICT", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 999 }, { "Idempotency-Key": "seeded" }) },
  { name: "no user token", status: 401, code: "MISSING_TOKEN", send: (ctx) => SELF.fetch(`${BASE}/api/v1/user/deposit`, { method: "POST", headers: partnerHeaders(ctx.session.partner), body: JSON.stringify(depositBody({ toAccountId: ctx.accountId, amount: 1 })) }) },
  { name: "wrong partner secret", status: 401, code: "INVALID_CREDENTIALS", message: "Invalid partner credentials", send: (ctx) => deposit(ctx.session, { toAccountId: ctx.accountId, amount: 1 }, { "X-Api-Secret": "qash_secret_live_wrong" }) },
];

describe("refused deposits change nothing", () => {
  it.each(cases)("$name -> $status $code", async (refusal) => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    expect((await deposit(session, { toAccountId: accountId, amount: 1_234 }, { "Idempotency-Key": "seeded" })).status).toBe(200);
    const other = await qashSession();
    const foreignAccountId = await openQashAccount(other);
    const sibling = await qashSession(session.partner);
    const siblingAccountId = await openQashAccount(sibling);
    const before = await snapshot(accountId, session);
    const siblingBefore = await snapshot(siblingAccountId, sibling);
    const foreignBefore = await snapshot(foreignAccountId, other);

    const response = await refusal.send({ session, accountId, foreignAccountId, siblingAccountId });
    expect(response.status).toBe(refusal.status);
    const body = await response.json<{ success: boolean; message: string; code: string }>();
    expect(body).toEqual({ success: false, message: refusal.message ?? expect.any(String), code: refusal.code });
    expect(body.message.length).toBeGreaterThan(0);

    expect(await snapshot(accountId, session)).toBe(before);
    expect(await snapshot(siblingAccountId, sibling)).toBe(siblingBefore);
    expect(await snapshot(foreignAccountId, other)).toBe(foreignBefore);
  });

  it("a suspended user's deposit is refused with 403 and changes nothing", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    await deposit(session, { toAccountId: accountId, amount: 50 });
    const before = await snapshot(accountId, session);
    const suspend = await SELF.fetch(`${BASE}/api/v1/partner/users/${session.userId}`, {
      method: "PATCH",
      headers: partnerHeaders(session.partner),
      body: JSON.stringify({ status: "suspended" }),
    });
    expect(suspend.status).toBe(200);
    const response = await deposit(session, { toAccountId: accountId, amount: 100 });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ success: false, message: "User account is suspended", code: "FORBIDDEN" });
    expect(await snapshot(accountId, session)).toBe(before);
  });

  it("a pending user cannot open accounts or deposit", async () => {
    const session = await qashSession();
    const pending = await createUser(session.partner, { status: "pending" });
    const token = await SELF.fetch(`${BASE}/api/v1/partner/auth/token`, { method: "POST", headers: partnerHeaders(session.partner), body: JSON.stringify({ userId: pending.id }) });
    expect(token.status).toBe(403);
    expect(await token.json()).toEqual({ success: false, message: "User account is pending", code: "FORBIDDEN" });
  });
});

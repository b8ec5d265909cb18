// A body is booked as it was written or not at all: a JSON number whose digits say more than the double it
// parses to (99.99999999999999999 would be credited as 100), and a string or key holding a lone surrogate
// (it would be stored as U+FFFD), are 400 invalid_param naming the field, in the caller's dialect, and
// change nothing. Ordinary bodies still pass.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, partnerHeaders, qashSession } from "../support/fixtures";
import { deposit, openQashAccount } from "../support/ledger";
import { partnerSnapshot } from "../support/partner-snapshot";
import { createPartnerWorld, type PartnerWorld } from "../support/partner-world";
import { createDeposit, expectSophicError, openAccount, sophicClient, sophicFetch } from "../support/sophic";

type Refusal = {
  name: string;
  dialect: "qash" | "sophic";
  /** The field the answer must name: Sophic's params[].path, and the start of Qash's message. */
  path: (string | number)[];
  send: (world: PartnerWorld) => Promise<Response>;
};

/** JSON text with `members` spliced in as written, so a number keeps digits JSON.stringify would drop. */
const withRaw = (body: Record<string, unknown>, members: string): string => JSON.stringify(body).replace(/}$/, `,${members}}`);

const qashDeposit = (world: PartnerWorld, members: Record<string, unknown>, raw = "") => {
  const body = { toAccountId: world.qashAccountId, currency: "MXN", provider: "irisbank", description: "Top-up", ...members };
  return SELF.fetch(`${BASE}/api/v1/user/deposit`, { method: "POST", headers: world.qash.headers, body: raw === "" ? JSON.stringify(body) : withRaw(body, raw) });
};
const sophicDeposit = (world: PartnerWorld, text: string) => sophicFetch(world.sophic, "POST", `/accounts/${world.sophicAccountId}/deposits`, text);

const refusals: Refusal[] = [
  { name: "Qash deposit of 99.99999999999999999", dialect: "qash", path: ["amount"], send: (world) => qashDeposit(world, {}, '"amount":99.99999999999999999') },
  { name: "Qash deposit of 1234.0000000000000001 (the world's own amount, nearly)", dialect: "qash", path: ["amount"], send: (world) => qashDeposit(world, {}, '"amount":1234.0000000000000001') },
  { name: "Qash deposit whose description holds a lone surrogate", dialect: "qash", path: ["description"], send: (world) => qashDeposit(world, { amount: 100, description: "Top-up \udc00" }) },
  { name: "Qash deposit whose metadata has a key with a lone surrogate", dialect: "qash", path: ["metadata", "\ud800"], send: (world) => qashDeposit(world, { amount: 100, metadata: { "\ud800": "x" } }) },
  { name: "Qash deposit whose metadata holds an inexact number", dialect: "qash", path: ["metadata", "rate", 1], send: (world) => qashDeposit(world, { amount: 100 }, '"metadata":{"rate":[1,0.12345678901234567890]}') },
  { name: "Sophic deposit of 10.000000000000000001 EUR as a JSON number", dialect: "sophic", path: ["amount"], send: (world) => sophicDeposit(world, '{"amount":10.000000000000000001,"currency":"EUR"}') },
  { name: "Sophic deposit of 99.99999999999999999 as a JSON number", dialect: "sophic", path: ["amount"], send: (world) => sophicDeposit(world, '{"amount":99.99999999999999999,"currency":"EUR","request_advance":true}') },
  { name: "Sophic deposit with a lone surrogate in an unknown key", dialect: "sophic", path: ["\udc00"], send: (world) => sophicDeposit(world, '{"amount":"1.00","currency":"EUR","\\udc00":1}') },
  {
    // Read as 100, it would match the world's open 100.00 deposit and complete it.
    name: "Sophic inbound payment of 100.000000000000000001 under an open 100.00 deposit's reference",
    dialect: "sophic",
    path: ["amount"],
    send: (world) => sophicFetch(world.sophic, "POST", "/inbound-payments", `{"payment_reference":${JSON.stringify(world.openReference)},"amount":100.000000000000000001,"currency":"EUR"}`),
  },
  { name: "Sophic account whose name holds a lone surrogate", dialect: "sophic", path: ["name"], send: (world) => sophicFetch(world.sophic, "POST", "/accounts", { name: "Broker \udc00age", base_currency: "EUR", funding_currencies: ["EUR"] }) },
  {
    name: "Sophic account whose reference holds a lone surrogate, under an Idempotency-Key",
    dialect: "sophic",
    path: ["reference"],
    send: (world) => sophicFetch(world.sophic, "POST", "/accounts", { name: "Brokerage", base_currency: "EUR", funding_currencies: ["EUR"], reference: "ACC-\ud83d" }, { "Idempotency-Key": "lone-surrogate" }),
  },
];

describe("bodies JSON.parse would change are refused and change nothing", () => {
  let world: PartnerWorld;
  let baseline: string;

  beforeAll(async () => {
    world = await createPartnerWorld();
    baseline = await partnerSnapshot(world);
  }, 60_000);

  it.each(refusals)("$name -> 400 naming the field", async (refusal) => {
    const response = await refusal.send(world);
    if (refusal.dialect === "qash") {
      expect(response.status).toBe(400);
      const body = await response.json<{ success: boolean; message: string; code: string }>();
      expect(body).toEqual({ success: false, message: expect.any(String), code: "INVALID_PARAM" });
      expect(body.message.startsWith(refusal.path.map((key) => String(key).replace(/[\ud800-\udfff]/g, "\ufffd")).join("."))).toBe(true);
    } else {
      const body = await expectSophicError(response, 400, "invalid_param");
      expect(body.params?.[0]).toEqual({ path: refusal.path, detail: expect.any(String), code: "invalid_param" });
    }
    const after = await partnerSnapshot(world);
    const expected = baseline;
    baseline = after;
    expect(after).toBe(expected);
  });

  it("the corrected payment still completes the open deposit, so the refusal above was not for its reference", async () => {
    const payment = await sophicFetch(world.sophic, "POST", "/inbound-payments", `{"payment_reference":${JSON.stringify(world.openReference)},"amount":100.00,"currency":"EUR"}`);
    expect(payment.status).toBe(201);
    expect((await payment.json<{ status: string; deposits: string[] }>()).deposits).toEqual([world.openDepositId]);
  });
});

describe("the refusal keeps its place after authentication", () => {
  it("no user token is 401 and a suspended user 403, before the inexact amount's 400", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const text = `{"toAccountId":${accountId},"amount":99.99999999999999999,"currency":"MXN","provider":"irisbank","description":"x"}`;
    const anonymous = await SELF.fetch(`${BASE}/api/v1/user/deposit`, { method: "POST", headers: partnerHeaders(session.partner), body: text });
    expect(anonymous.status).toBe(401);
    const suspend = await SELF.fetch(`${BASE}/api/v1/partner/users/${session.userId}`, { method: "PATCH", headers: partnerHeaders(session.partner), body: JSON.stringify({ status: "suspended" }) });
    expect(suspend.status).toBe(200);
    const suspended = await SELF.fetch(`${BASE}/api/v1/user/deposit`, { method: "POST", headers: session.headers, body: text });
    expect(suspended.status).toBe(403);
    expect(await suspended.json()).toEqual({ success: false, message: "User account is suspended", code: "FORBIDDEN" });
  });
});

describe("ordinary bodies still work", () => {
  it("a Qash deposit of 100000, a well-formed emoji in its description and metadata", async () => {
    const session = await qashSession();
    const accountId = await openQashAccount(session);
    const response = await deposit(session, { toAccountId: accountId, amount: 100000, description: "Top-up \ud83d\ude00", metadata: { rate: 0.1, "clé \ud83d\ude00": [1e2, "ok"] } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ amount: 100000, description: "Top-up \ud83d\ude00" });
  });

  it("Sophic deposits of 10.1 and 1E1 as JSON numbers and of \"100.00\", and a payment of 10.10", async () => {
    const client = await sophicClient();
    const account = await openAccount(client, { name: "Exact \ud83d\ude00" });
    expect(account.name).toBe("Exact \ud83d\ude00");
    const number = await sophicFetch(client, "POST", `/accounts/${account.id}/deposits`, '{"amount":10.1,"currency":"EUR","payment_reference":"EXACT-1"}');
    expect(number.status).toBe(201);
    expect((await number.json<{ amount: string }>()).amount).toBe("10.10");
    const exponent = await sophicFetch(client, "POST", `/accounts/${account.id}/deposits`, '{"amount":1E1,"currency":"EUR"}');
    expect(exponent.status).toBe(201);
    expect((await exponent.json<{ amount: string }>()).amount).toBe("10.00");
    expect((await createDeposit(client, account.id, { amount: "100.00" })).amount).toBe("100.00");
    const payment = await sophicFetch(client, "POST", "/inbound-payments", '{"payment_reference":"EXACT-1","amount":10.10,"currency":"EUR"}');
    expect(payment.status).toBe(201);
    expect((await payment.json<{ status: string }>()).status).toBe("matched");
  });
});

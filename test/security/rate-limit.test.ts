import { env, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import wranglerToml from "../../wrangler.toml?raw";
import { partner_rate_period_seconds, partner_requests_per_period_max } from "../../src/config/limits";
import { BASE, partnerHeaders } from "../support/fixtures";
import { deposit } from "../support/ledger";
import { partnerSnapshot } from "../support/partner-snapshot";
import { createPartnerWorld, type PartnerWorld } from "../support/partner-world";
import { sophicFetch } from "../support/sophic";

// The Worker reads its bindings from this very object (SELF runs in the test's isolate), so swapping the
// partner limiter for the tight one of vitest.config.ts (3 requests per 10 seconds, emulated by workerd)
// throttles this file alone; every other test runs under a budget it never reaches.
const bindings = env as { PARTNER_RATE_LIMITER: RateLimit };
const suiteLimiter = env.PARTNER_RATE_LIMITER;
const tight_limit = 3;
const tight_period_ms = 10_000;

afterEach(() => {
  bindings.PARTNER_RATE_LIMITER = suiteLimiter;
  vi.restoreAllMocks();
});

/**
 * Windows are aligned to the clock, so a window closing mid-test would refill the budget. Start early in
 * a fresh window: the test then runs well inside it.
 */
async function startOfWindow(): Promise<void> {
  const intoWindow = Date.now() % tight_period_ms;
  if (intoWindow > tight_period_ms / 2) await new Promise((resolve) => setTimeout(resolve, tight_period_ms - intoWindow + 50));
}

async function throttle(world: PartnerWorld): Promise<void> {
  await startOfWindow();
  bindings.PARTNER_RATE_LIMITER = env.TIGHT_PARTNER_RATE_LIMITER;
  for (let call = 0; call < tight_limit; call += 1) {
    expect((await sophicFetch(world.sophic, "GET", `/accounts/${world.sophicAccountId}`)).status).toBe(200);
  }
}

async function expectThrottled(response: Response): Promise<Record<string, unknown>> {
  expect(response.status).toBe(429);
  expect(response.headers.get("Retry-After")).toBe(String(partner_rate_period_seconds));
  return response.json<Record<string, unknown>>();
}

describe("the per-partner request budget", () => {
  it("answers 429 with Retry-After in each dialect once a partner is over it, and moves no money", async () => {
    const world = await createPartnerWorld();
    const before = await partnerSnapshot(world);
    await throttle(world);

    const sophicBody = await expectThrottled(await sophicFetch(world.sophic, "GET", `/accounts/${world.sophicAccountId}/cash-balances`));
    expect(sophicBody).toEqual({ code: "rate_limited", detail: expect.stringContaining("retry after") });
    const payment = await sophicFetch(world.sophic, "POST", "/inbound-payments", { payment_reference: world.openReference, amount: world.openAmount, currency: "EUR" });
    expect(await expectThrottled(payment)).toMatchObject({ code: "rate_limited" });
    expect(await expectThrottled(await sophicFetch(world.sophic, "GET", "/events"))).toMatchObject({ code: "rate_limited" });

    const qashBody = await expectThrottled(await deposit(world.qash, { toAccountId: world.qashAccountId, amount: 500 }));
    expect(qashBody).toEqual({ success: false, message: expect.stringContaining("retry after"), code: "RATE_LIMITED" });
    const users = await SELF.fetch(`${BASE}/api/v1/partner/users/${world.qash.userId}`, { headers: partnerHeaders(world.partner) });
    expect(await expectThrottled(users)).toMatchObject({ success: false, code: "RATE_LIMITED" });

    const token = await SELF.fetch(`${BASE}/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: world.partner.apiKey, client_secret: world.partner.apiSecret }).toString(),
    });
    expect(await expectThrottled(token)).toEqual({ error: "temporarily_unavailable", error_description: expect.stringContaining("retry after") });
    expect(token.headers.get("Cache-Control")).toBe("no-store");
    expect(token.headers.get("Pragma")).toBe("no-cache");

    bindings.PARTNER_RATE_LIMITER = suiteLimiter;
    expect(await partnerSnapshot(world)).toBe(before);
  });

  it("leaves another partner's budget untouched", async () => {
    const throttled = await createPartnerWorld();
    const other = await createPartnerWorld();
    await throttle(throttled);
    await expectThrottled(await sophicFetch(throttled.sophic, "GET", `/accounts/${throttled.sophicAccountId}`));
    expect((await sophicFetch(other.sophic, "GET", `/accounts/${other.sophicAccountId}`)).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/api/v1/user/balance`, { headers: other.qash.headers })).status).toBe(200);
  });

  it("does not count requests that fail authentication against anyone", async () => {
    const world = await createPartnerWorld();
    await startOfWindow();
    bindings.PARTNER_RATE_LIMITER = env.TIGHT_PARTNER_RATE_LIMITER;
    const forged = { ...partnerHeaders(world.partner), "X-Api-Secret": "qash_secret_live_wrong" };
    for (let call = 0; call < tight_limit + 2; call += 1) {
      expect((await SELF.fetch(`${BASE}/api/v1/partner/users/${world.qash.userId}`, { headers: forged })).status).toBe(401);
    }
    expect((await SELF.fetch(`${BASE}/api/v1/partner/users/${world.qash.userId}`, { headers: partnerHeaders(world.partner) })).status).toBe(200);
  });

  it("lets requests through, and says so, when the limiter itself fails", async () => {
    const world = await createPartnerWorld();
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    bindings.PARTNER_RATE_LIMITER = { limit: () => Promise.reject(new Error("limiter unreachable")) };
    expect((await sophicFetch(world.sophic, "GET", `/accounts/${world.sophicAccountId}`)).status).toBe(200);
    expect(warnings.mock.calls.map((call) => String(call[0])).join("\n")).toContain("rate limiter unavailable");
  });

  it("is configured in wrangler.toml with the numbers the code and the README announce", () => {
    const section = /\[\[ratelimits\]\]\s*\nname = "PARTNER_RATE_LIMITER"\s*\nnamespace_id = "\d+"\s*\nsimple = \{ limit = (\d+), period = (\d+) \}/.exec(wranglerToml);
    expect(section, "wrangler.toml has no [[ratelimits]] PARTNER_RATE_LIMITER").not.toBeNull();
    expect(Number(section?.[1])).toBe(partner_requests_per_period_max);
    expect(Number(section?.[2])).toBe(partner_rate_period_seconds);
    expect([10, 60]).toContain(partner_rate_period_seconds);
  });
});

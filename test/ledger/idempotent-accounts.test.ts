import { env, runInDurableObject, SELF } from "cloudflare:test";
import { keyObject } from "../../src/keys/stub";
import { describe, expect, it } from "vitest";
import { BASE, partnerHeaders, qashSession, type QashSession } from "../support/fixtures";

const open = (session: QashSession, body: unknown, key?: string) =>
  SELF.fetch(`${BASE}/api/v1/user/accounts`, {
    method: "POST",
    headers: { ...session.headers, ...(key === undefined ? {} : { "Idempotency-Key": key }) },
    body: JSON.stringify(body),
  });

const listed = async (session: QashSession) => (await (await SELF.fetch(`${BASE}/api/v1/user/accounts`, { headers: session.headers })).json<{ items: unknown[] }>()).items;

describe("Idempotency-Key on opening an account", () => {
  it("opens one account for a retried request and replays the first answer", async () => {
    const session = await qashSession();
    const first = await open(session, { description: "Once", asset: "EUR" }, "open-1");
    expect(first.status).toBe(201);
    const retry = await open(session, { asset: "EUR", description: "Once" }, "open-1");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    expect(await listed(session)).toHaveLength(1);
  });

  it("refuses the key with another body, and lets concurrent duplicates open at most one account", async () => {
    const session = await qashSession();
    expect((await open(session, { description: "A", asset: "EUR" }, "open-2")).status).toBe(201);
    const conflict = await open(session, { description: "B", asset: "EUR" }, "open-2");
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ success: false, code: "IDEMPOTENCY_KEY_CONFLICT" });

    const racing = await Promise.all(Array.from({ length: 10 }, () => open(session, { description: "Race", asset: "USD" }, "open-race")));
    for (const response of racing) expect([201, 409]).toContain(response.status);
    expect(await listed(session)).toHaveLength(2);
  });

  it("does not keep a refused request, so the corrected one may use the key", async () => {
    const session = await qashSession();
    expect((await open(session, { description: "Bad", asset: "BTC" }, "open-3")).status).toBe(400);
    expect((await open(session, { description: "Good", asset: "USD" }, "open-3")).status).toBe(201);
  });

  it("scopes keys to the partner", async () => {
    const first = await qashSession();
    const second = await qashSession();
    expect((await open(first, { description: "Mine", asset: "EUR" }, "shared-key")).status).toBe(201);
    const other = await open(second, { description: "Theirs", asset: "USD" }, "shared-key");
    expect(other.status).toBe(201);
    expect(other.headers.get("Idempotent-Replayed")).toBeNull();
  });
});

describe("Idempotency-Key on the other POSTs that move no money", () => {
  it("registers one user for a retried registration", async () => {
    const session = await qashSession();
    const register = () =>
      SELF.fetch(`${BASE}/api/v1/partner/users`, {
        method: "POST",
        headers: { ...partnerHeaders(session.partner), "Idempotency-Key": "user-1" },
        body: JSON.stringify({ userType: "personal", email: "once@example.com", countryCode: "MX" }),
      });
    const first = await register();
    expect(first.status).toBe(201);
    const retry = await register();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
  });

  it("creates one partner for a retried request and never stores or replays its secret", async () => {
    const create = () =>
      SELF.fetch(`${BASE}/admin/partners`, {
        method: "POST",
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json", "Idempotency-Key": "partner-1" },
        body: JSON.stringify({ name: "Retried Partner" }),
      });
    const first = await create();
    expect(first.status).toBe(201);
    const created = await first.json<{ id: string; apiSecret: string }>();
    const retry = await create();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.json()).toMatchObject({ id: created.id, apiSecret: null });
    const stored = await runInDurableObject(keyObject(env, null, "admin", "partner-1"), (_instance, state) =>
      state.storage.sql.exec<{ body: string }>("SELECT body FROM keys WHERE scope = 'admin' AND key = 'partner-1'").one(),
    );
    expect(stored.body).toContain(created.id);
    expect(stored.body).not.toContain(created.apiSecret);
    const partners = await env.DB.prepare("SELECT COUNT(*) AS n FROM partners WHERE name = 'Retried Partner'").first<{ n: number }>();
    expect(partners?.n).toBe(1);
  });
});

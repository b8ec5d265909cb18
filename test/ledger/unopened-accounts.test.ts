import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountObject } from "../../src/account/stub";
import { BASE, qashSession, sophicHeaders } from "../support/fixtures";
import { deposit } from "../support/ledger";

const tablesOf = (accountId: number) =>
  runInDurableObject(accountObject(env, accountId), (_instance, state) =>
    state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'").toArray().map((row) => row.name),
  );

describe("an account id nobody opened", () => {
  it("answers 404 in both dialects and leaves no storage behind", async () => {
    const probed = 8_000_000_000_123;
    const session = await qashSession();
    expect((await deposit(session, { toAccountId: probed, amount: 100 })).status).toBe(404);
    const { headers } = await sophicHeaders();
    for (const path of [`/accounts/${probed}`, `/accounts/${probed}/cash-balances`, `/accounts/${probed}/deposits`, `/accounts/${probed}/deposits/5`]) {
      expect((await SELF.fetch(`${BASE}${path}`, { headers })).status).toBe(404);
    }
    const created = await SELF.fetch(`${BASE}/accounts/${probed}/deposits`, { method: "POST", headers, body: JSON.stringify({ amount: "1.00", currency: "EUR" }) });
    expect(created.status).toBe(404);
    const canceled = await SELF.fetch(`${BASE}/accounts/${probed}/deposits/5/cancel`, { method: "POST", headers });
    expect(canceled.status).toBe(404);
    expect(await tablesOf(probed)).toEqual([]);
  });
});

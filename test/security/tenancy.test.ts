import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { expectErrorDialect } from "../support/error-dialects";
import { BASE } from "../support/fixtures";
import { partnerSnapshot } from "../support/partner-snapshot";
import { createPartnerWorld, type PartnerWorld } from "../support/partner-world";
import { expectInboundPayment, readDeposit, sophicFetch } from "../support/sophic";
import { tenancyCases } from "./tenancy-cases";

describe("the tenancy matrix: another partner's ids and credentials", () => {
  let owner: PartnerWorld;
  let stranger: PartnerWorld;
  /** The owner's state before the first call; no stranger's call may change it. */
  let baseline: string;

  beforeAll(async () => {
    [owner, stranger] = [await createPartnerWorld(), await createPartnerWorld()];
    baseline = await partnerSnapshot(owner);
  }, 60_000);

  async function expectOwnerUnchanged(): Promise<void> {
    const after = await partnerSnapshot(owner);
    const expected = baseline;
    baseline = after;
    expect(after).toBe(expected);
  }

  it.each(tenancyCases)("$name -> $status", async (tenancy) => {
    const response = await tenancy.send(owner, stranger);
    const text = await response.text();
    expect(response.status, text).toBe(tenancy.status);
    expectErrorDialect(tenancy.dialect, response, text);
    await expectOwnerUnchanged();
  });

  it("a foreign id answers exactly what a missing id answers", async () => {
    const foreign = await sophicFetch(stranger.sophic, "GET", `/accounts/${owner.sophicAccountId}/deposits/${owner.openDepositId}`);
    const missing = await sophicFetch(stranger.sophic, "GET", `/accounts/${owner.sophicAccountId}/deposits/999999999999`);
    expect(await foreign.json()).toEqual(await missing.json());
    const foreignQash = await SELF.fetch(`${BASE}/api/v1/user/transactions/${owner.qashTransactionId}`, { headers: stranger.qash.headers });
    const missingQash = await SELF.fetch(`${BASE}/api/v1/user/transactions/999999999999`, { headers: stranger.qash.headers });
    expect(await foreignQash.json()).toEqual(await missingQash.json());
  });

  it("the stranger's lists hold none of the owner's accounts, transactions or events", async () => {
    const ownerIds = [owner.qashAccountId, owner.qashTransactionId, Number(owner.sophicAccountId)];
    for (const path of ["/api/v1/user/accounts", "/api/v1/user/balance", "/api/v1/user/transactions?size=100"]) {
      const response = await SELF.fetch(`${BASE}${path}`, { headers: stranger.qash.headers });
      expect(response.status).toBe(200);
      const { items } = await response.json<{ items: { id: number }[] }>();
      expect(items.filter((item) => ownerIds.includes(item.id))).toEqual([]);
    }
    const ownerEvents = await (await sophicFetch(owner.sophic, "GET", "/events?limit=100")).json<{ id: string }[]>();
    const strangerEvents = await (await sophicFetch(stranger.sophic, "GET", "/events?limit=100")).json<{ id: string }[]>();
    expect(ownerEvents.length).toBeGreaterThan(0);
    expect(strangerEvents.filter((event) => ownerEvents.some((own) => own.id === event.id))).toEqual([]);
    const byResource = await sophicFetch(stranger.sophic, "GET", `/events?resource[id]=${owner.openDepositId}`);
    expect(await byResource.json()).toEqual([]);
    await expectOwnerUnchanged();
  });

  it("a payment the stranger reports under the owner's reference matches nothing of the owner's", async () => {
    // References belong to a partner: under the stranger's, the owner's reference is one nobody used, so
    // the contract's answer is a 201 `unmatched` payment of the stranger's, and the owner's deposit stays open.
    const response = await sophicFetch(stranger.sophic, "POST", "/inbound-payments", { payment_reference: owner.openReference, amount: owner.openAmount, currency: "EUR" });
    const payment = await expectInboundPayment(response);
    expect(payment).toMatchObject({ status: "unmatched", deposits: [] });
    expect((await readDeposit(owner.sophic, owner.sophicAccountId, owner.openDepositId)).status).toBe("open");
    await expectOwnerUnchanged();
  });
});

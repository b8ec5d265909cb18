// An event's created_at is when it entered the feed, so it never runs backwards along the feed's order: a
// poller filtering on created[gt] misses nothing that reached the feed after the event it last saw, except
// events that tie with it. The resources in `data` keep their own commit times.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { project } from "../../src/db/projection";
import { qashSession } from "../support/fixtures";
import { deposit as qashDeposit, openQashAccount } from "../support/ledger";
import { createDeposit, openAccount, reportPayment, sophicClient } from "../support/sophic";
import { projectAll, readAllEvents, readEvents, type EventBody } from "./helpers";

const accounts_per_dialect = 4;
const writes_per_account = 6;
const payments = 8;

const seqOf = (event: EventBody) => Number(event.id);
const idsOf = (events: EventBody[]) => events.map((event) => event.id);

/**
 * When the change the event announces committed, as its resource says. An inbound payment says nothing, and
 * neither does a Qash user's account, shown as Qash's creation answer (`{ id, description, asset, type, balance }`).
 */
function commitTimeOf(event: EventBody): number | undefined {
  const data = event.data as { modified_at?: string; created_at?: string; createdAt?: string; asset?: string };
  const time = data.modified_at ?? data.created_at ?? data.createdAt;
  if (time === undefined && event.name.startsWith("inbound_payment.")) return undefined;
  if (time === undefined && event.name === "account.created" && data.asset !== undefined) return undefined;
  if (time === undefined) throw new Error(`${event.name} carries no timestamp`);
  return Date.parse(time);
}

describe("created_at along the feed under concurrent writes", () => {
  it("never decreases in seq order, and created[gt] and created[gte] select by it exactly", async () => {
    const session = await qashSession();
    const client = await sophicClient(session.partner);
    const qashAccounts = await Promise.all(Array.from({ length: accounts_per_dialect }, () => openQashAccount(session)));
    const sophicAccounts = await Promise.all(Array.from({ length: accounts_per_dialect }, () => openAccount(client)));
    const funded = await Promise.all(
      Array.from({ length: payments }, (_, index) => {
        const account = sophicAccounts[index % accounts_per_dialect];
        if (account === undefined) throw new Error("no account");
        return createDeposit(client, account.id, { amount: `${index + 1}.00`, payment_reference: `FEEDTIME-${index}-${crypto.randomUUID().slice(0, 8)}` });
      }),
    );

    // Credits into every account of both dialects (account objects) and payments (reference objects), all at once.
    const writes: Promise<unknown>[] = [];
    for (let round = 0; round < writes_per_account; round += 1) {
      for (const accountId of qashAccounts) {
        writes.push(qashDeposit(session, { toAccountId: accountId, amount: 100 + round }).then((response) => expect(response.status).toBe(200)));
      }
      for (const account of sophicAccounts) writes.push(createDeposit(client, account.id, { amount: `${round + 1}.50`, request_advance: round % 2 === 0 }));
    }
    for (const [index, deposit] of funded.entries()) {
      writes.push(reportPayment(client, { payment_reference: deposit.payment_reference, amount: `${index + 1}.00` }).then((payment) => expect(payment.status).toBe("matched")));
    }
    await Promise.all(writes);
    await projectAll([...qashAccounts, ...sophicAccounts.map((account) => account.id)], funded.map((deposit) => ({ partnerId: session.partner.id, reference: deposit.payment_reference })));

    const feed = await readAllEvents(client, 100);
    const opened = 2 * accounts_per_dialect + payments;
    const written = accounts_per_dialect * writes_per_account * 2 + (accounts_per_dialect * writes_per_account) / 2 + payments * 2;
    expect(feed).toHaveLength(opened + written);
    expect(feed.length).toBeLessThanOrEqual(100); // one page answers any filter below whole

    for (const [index, event] of feed.entries()) {
      const previous = feed[index - 1];
      if (previous !== undefined) {
        expect(seqOf(event)).toBeGreaterThan(seqOf(previous));
        expect(event.created_at >= previous.created_at, `${previous.id} at ${previous.created_at}, then ${event.id} at ${event.created_at}`).toBe(true);
      }
      // The event entered the feed after its change committed; `data` keeps the commit time.
      const committed = commitTimeOf(event);
      if (committed !== undefined) expect(Date.parse(event.created_at)).toBeGreaterThanOrEqual(committed);
    }

    for (const event of feed) {
      const since = encodeURIComponent(event.created_at);
      const after = await readEvents(client, `?limit=100&created[gt]=${since}`);
      // Exactly the events after it with a larger created_at: none before it, and none that ties with it.
      expect(idsOf(after)).toEqual(idsOf(feed.filter((other) => seqOf(other) > seqOf(event) && other.created_at > event.created_at)));
      const from = await readEvents(client, `?limit=100&created[gte]=${since}`);
      // Ties come back with gte, on both sides of it, which is why `after=<id>` is the poller's cursor.
      expect(idsOf(from)).toEqual(idsOf(feed.filter((other) => other.created_at >= event.created_at)));
      expect(idsOf(from)).toContain(event.id);
    }
  }, 60_000);
});

describe("created_at when a clock runs backwards", () => {
  it("a change committed by a clock ahead of D1's holds the feed's time there until D1's clock passes it", async () => {
    const partnerId = `ptn_clock_${crypto.randomUUID()}`;
    const ahead = new Date(Date.now() + 2_000).toISOString();
    const now = new Date().toISOString();
    const eventOf = (id: string, createdAt: string) => ({
      uid: `account.created:clock-${id}-${partnerId}`,
      partnerId,
      name: "account.created",
      resourceType: "account",
      resourceId: id,
      data: "{}",
      createdAt,
    });
    await project(env.DB, [{ events: [eventOf("1", ahead)] }]);
    await project(env.DB, [{ events: [eventOf("2", now)] }, { events: [eventOf("3", now)] }]);
    const rows = await env.DB.prepare("SELECT resource_id, created_at FROM events WHERE partner_id = ? ORDER BY seq").bind(partnerId).all<{ resource_id: string; created_at: string }>();
    expect(rows.results.map((row) => row.resource_id)).toEqual(["1", "2", "3"]);
    expect(rows.results[0]?.created_at).toBe(ahead);
    // Committed "earlier" by the clocks that stamped them, they reached the feed later: they never go back.
    for (const row of rows.results) expect(row.created_at >= ahead).toBe(true);
    // A batch replayed after a lost acknowledgement keeps the time the events first got.
    await project(env.DB, [{ events: [eventOf("1", now)] }]);
    const replayed = await env.DB.prepare("SELECT created_at FROM events WHERE uid = ?").bind(eventOf("1", now).uid).first<{ created_at: string }>();
    expect(replayed?.created_at).toBe(ahead);
  });
});

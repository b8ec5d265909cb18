import { env, SELF, createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BASE, qashSession } from "../support/fixtures";
import { deposit as qashDeposit, openQashAccount } from "../support/ledger";
import { cancelDeposit, createDeposit, openAccount, reportPayment, sophicClient } from "../support/sophic";
import { projectAll, readAllEvents, readEvents } from "./helpers";

describe("every change emits its event once", () => {
  it("account, deposit, payment and Qash credit events, each once, in commit order per resource", async () => {
    const session = await qashSession();
    const client = await sophicClient(session.partner);
    const partnerId = session.partner.id;
    const account = await openAccount(client);
    const plain = await createDeposit(client, account.id, { amount: "10.00", currency: "EUR" });
    const advanced = await createDeposit(client, account.id, { amount: "5.00", currency: "EUR", request_advance: true });
    const doomed = await createDeposit(client, account.id, { amount: "1.00", currency: "EUR" });
    await reportPayment(client, { payment_reference: plain.payment_reference, amount: "9.99", currency: "EUR" });
    await reportPayment(client, { payment_reference: plain.payment_reference, amount: "10.00", currency: "EUR" });
    await reportPayment(client, { payment_reference: advanced.payment_reference, amount: "5.00", currency: "EUR" });
    expect((await cancelDeposit(client, account.id, doomed.id)).status).toBe(200);
    const qashAccount = await openQashAccount(session, "USD");
    const credit = await (await qashDeposit(session, { toAccountId: qashAccount, amount: 4_200, currency: "USD" })).json<{ id: number }>();
    await projectAll(
      [account.id, qashAccount],
      [plain, advanced].map((d) => ({ partnerId, reference: d.payment_reference })),
    );

    const events = await readAllEvents(client, 100);
    const names = events.map((event) => `${event.name}:${event.resource.id}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(
      [
        `account.created:${account.id}`,
        `deposit.created:${plain.id}`,
        `deposit.created:${advanced.id}`,
        `deposit.advanced:${advanced.id}`,
        `deposit.created:${doomed.id}`,
        `deposit.completed:${plain.id}`,
        `deposit.completed:${advanced.id}`,
        `deposit.canceled:${doomed.id}`,
        `inbound_payment.unmatched:${events.find((e) => e.name === "inbound_payment.unmatched")?.resource.id}`,
        `inbound_payment.matched:${events.filter((e) => e.name === "inbound_payment.matched")[0]?.resource.id}`,
        `inbound_payment.matched:${events.filter((e) => e.name === "inbound_payment.matched")[1]?.resource.id}`,
        `account.created:${qashAccount}`,
        `transaction.completed:${credit.id}`,
      ].sort(),
    );
    expect(events.filter((e) => e.name.startsWith("inbound_payment"))).toHaveLength(3);

    // data is the resource as the API returned it at that moment.
    const created = events.find((e) => e.name === "deposit.created" && e.resource.id === plain.id);
    expect(created?.data).toMatchObject({ id: plain.id, status: "open", amount: "10.00", completed_at: null });
    const completed = events.find((e) => e.name === "deposit.completed" && e.resource.id === plain.id);
    expect(completed?.data).toMatchObject({ id: plain.id, status: "completed", completed_at: expect.any(String) });
    expect(completed?.resource.resource_type).toBe("deposit");
    const qashCredit = events.find((e) => e.name === "transaction.completed");
    expect(qashCredit).toMatchObject({ resource: { id: String(credit.id), resource_type: "transaction" }, data: { id: credit.id, amount: 4_200, status: "COMPLETED" } });
    // Per resource, the feed keeps the order the changes committed in.
    const seqOf = (name: string, id: string) => Number(events.find((e) => e.name === name && e.resource.id === id)?.id);
    expect(seqOf("deposit.created", plain.id)).toBeLessThan(seqOf("deposit.completed", plain.id));
    expect(seqOf("deposit.created", advanced.id)).toBeLessThan(seqOf("deposit.advanced", advanced.id));

    // A retried projection adds nothing: the outboxes are drained again and the feed is unchanged.
    await projectAll([account.id, qashAccount]);
    expect(await readAllEvents(client, 100)).toEqual(events);

    const one = await SELF.fetch(`${BASE}/events/${completed?.id}`, { headers: client.headers });
    expect(await one.json()).toEqual(completed);
  });
});

describe("paging and filters", () => {
  it("paging by 1, 2 and 100 yields the same sequence; filters narrow it", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposits = [];
    for (let index = 0; index < 7; index += 1) deposits.push(await createDeposit(client, account.id, { amount: `${index + 1}.00`, currency: "EUR", request_advance: index % 2 === 0 }));
    await projectAll([account.id]);

    const byHundred = await readAllEvents(client, 100);
    expect(byHundred.length).toBe(1 + 7 + 4);
    expect(await readAllEvents(client, 1)).toEqual(byHundred);
    expect(await readAllEvents(client, 2)).toEqual(byHundred);
    const ids = byHundred.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    expect((await readEvents(client, "?name=deposit.advanced&limit=100")).map((e) => e.resource.id)).toEqual(deposits.filter((_, i) => i % 2 === 0).map((d) => d.id));
    expect((await readEvents(client, `?resource[id]=${deposits[0]?.id}`)).map((e) => e.name)).toEqual(["deposit.created", "deposit.advanced"]);
    const middle = byHundred[5]?.created_at ?? "";
    const before = await readEvents(client, `?limit=100&created[lt]=${encodeURIComponent(middle)}`);
    const since = await readEvents(client, `?limit=100&created[gte]=${encodeURIComponent(middle)}`);
    expect(before.length + since.length).toBe(byHundred.length);
    expect(before.every((e) => e.created_at < middle) && since.every((e) => e.created_at >= middle)).toBe(true);
  });

  it.each(["?limit=0", "?limit=101", "?after=-1", "?after=abc", "?wait=26", "?name=deposit.exploded", "?created[gte]=yesterday"])("refuses %s with 400", async (query) => {
    const client = await sophicClient();
    const response = await SELF.fetch(`${BASE}/events${query}`, { headers: client.headers });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid_param" });
  });

  it("another partner sees none of these events, and reading one by id is a 404", async () => {
    const owner = await sophicClient();
    const account = await openAccount(owner);
    await createDeposit(owner, account.id, { amount: "3.00", currency: "EUR" });
    await projectAll([account.id]);
    const mine = await readAllEvents(owner, 100);
    expect(mine.length).toBe(2);
    const stranger = await sophicClient();
    expect(await readAllEvents(stranger, 100)).toEqual([]);
    const foreign = await SELF.fetch(`${BASE}/events/${mine[0]?.id}`, { headers: stranger.headers });
    expect(foreign.status).toBe(404);
    expect((await SELF.fetch(`${BASE}/events/${mine[0]?.id}`)).status).toBe(401);
  });
});

describe("polling while writes are in flight", () => {
  it("a poller running while 40 deposits are created concurrently sees all 40 exactly once", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    await projectAll([account.id]);
    const seen: string[] = [];
    let cursor = (await readAllEvents(client, 100)).at(-1)?.id ?? "0";
    let writing = true;
    const poll = async () => {
      const page = await readEvents(client, `?after=${cursor}&limit=3&name=deposit.created`);
      for (const event of page) seen.push(event.resource.id);
      cursor = page.at(-1)?.id ?? cursor;
      return page.length;
    };
    const poller = (async () => {
      for (let round = 0; round < 2_000 && (writing || (await poll()) > 0); round += 1) await poll();
    })();
    const created = await Promise.all(Array.from({ length: 40 }, (_, index) => createDeposit(client, account.id, { amount: `${index + 1}.00`, currency: "EUR" })));
    await projectAll([account.id]);
    writing = false;
    await poller;
    expect(seen.sort()).toEqual(created.map((deposit) => deposit.id).sort());
  });

  it("a long poll answers as soon as an event is written", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    await projectAll([account.id]);
    const after = (await readAllEvents(client, 100)).at(-1)?.id ?? "0";
    const started = Date.now();
    const polling = SELF.fetch(`${BASE}/events?after=${after}&wait=20`, { headers: client.headers });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const written = await createDeposit(client, account.id, { amount: "2.00", currency: "EUR" });
    const wroteAt = Date.now();
    const response = await polling;
    const answeredAt = Date.now();
    const body = await response.json<{ name: string; resource: { id: string } }[]>();
    expect(body.map((event) => [event.name, event.resource.id])).toEqual([["deposit.created", written.id]]);
    expect(answeredAt - started).toBeGreaterThanOrEqual(300);
    expect(answeredAt - wroteAt).toBeLessThan(1_000);
  });

  it("a long poll with nothing new answers an empty array when its wait runs out", async () => {
    const client = await sophicClient();
    const response = await SELF.fetch(`${BASE}/events?after=0&wait=1`, { headers: client.headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });
});

describe("retention", () => {
  it("the scheduled clean-up removes events past 35 days and keeps the rest", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    await projectAll([account.id]);
    const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000).toISOString();
    // A copy of the real event, aged 40 days.
    await env.DB.prepare(
      "INSERT INTO events (uid, partner_id, name, resource_type, resource_id, data, created_at) SELECT ?, partner_id, name, resource_type, '1', data, ? FROM events WHERE partner_id = ?",
    )
      .bind(`old:${crypto.randomUUID()}`, old, client.partner.id)
      .run();
    expect((await readAllEvents(client, 100)).length).toBe(2);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const left = await readAllEvents(client, 100);
    expect(left.map((event) => event.resource.id)).toEqual([account.id]);
  });
});

// The matching machinery at the object level: deposits opened in account objects, payments reported
// to the payment reference's object, completions applied back to the accounts.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ReferenceObject } from "../../src/reference/reference-object";
import type { CreateDepositCommand } from "../../src/account/commands";
import { accountObject } from "../../src/account/stub";
import { idAllocator } from "../../src/ids/id-allocator";
import { reportInboundPayment } from "../../src/reference/report-payment";
import { referenceObject } from "../../src/reference/stub";

let partnerCount = 0;
const newPartner = () => `ptn_funding_${++partnerCount}_${crypto.randomUUID()}`;

async function openAccount(partnerId: string): Promise<number> {
  const { first: accountId } = await idAllocator(env).reserve(1);
  const opened = await accountObject(env, accountId).open({
    accountId,
    partnerId,
    userId: null,
    name: "Funding test",
    reference: null,
    type: "LIABILITY",
    baseCurrency: "EUR",
    fundingCurrencies: ["EUR", "USD"],
    ownerStatus: null,
  });
  if (!opened.ok) throw new Error(`open refused: ${opened.refusal.kind}`);
  return accountId;
}

async function openDeposit(partnerId: string, accountId: number, input: Partial<CreateDepositCommand> & { amountMinor: number }) {
  const result = await accountObject(env, accountId).createDeposit({
    caller: { partnerId },
    idempotency: null,
    currency: "EUR",
    paymentReference: null,
    requestAdvance: false,
    ...input,
  });
  if (!result.ok) throw new Error(`deposit refused: ${result.refusal.kind}`);
  return result.value;
}

async function buckets(partnerId: string, accountId: number) {
  const view = await accountObject(env, accountId).view({ partnerId });
  const of = (bucket: string) => view?.balances.filter((b) => b.currency === "EUR" && b.bucket === bucket).reduce((sum, b) => sum + b.creditsMinor - b.debitsMinor, 0) ?? 0;
  return { settled: of("settled"), unsettled: of("unsettled"), pending: of("pending") };
}

const report = (partnerId: string, paymentReference: string, amountMinor: number, currency: "EUR" | "USD" = "EUR") =>
  reportInboundPayment(env, { partnerId, idempotency: null, paymentReference, amountMinor, currency });

describe("funding deposits by payment reference", () => {
  it("a plain deposit moves pending -> settled and an advanced one unsettled -> settled", async () => {
    const partnerId = newPartner();
    const accountId = await openAccount(partnerId);
    const plain = await openDeposit(partnerId, accountId, { amountMinor: 10_000 });
    const advanced = await openDeposit(partnerId, accountId, { amountMinor: 2_500, requestAdvance: true });
    expect(plain.paymentReference).toMatch(/^DL/);
    expect(advanced.advancedAt).not.toBeNull();
    expect(await buckets(partnerId, accountId)).toEqual({ settled: 0, unsettled: 2_500, pending: 10_000 });

    const first = await report(partnerId, plain.paymentReference, 10_000);
    expect(first).toMatchObject({ ok: true, value: { status: "matched", depositIds: [plain.id] } });
    const second = await report(partnerId, advanced.paymentReference.toLowerCase(), 2_500);
    expect(second).toMatchObject({ ok: true, value: { status: "matched", depositIds: [advanced.id] } });

    expect(await buckets(partnerId, accountId)).toEqual({ settled: 12_500, unsettled: 0, pending: 0 });
    const completed = await accountObject(env, accountId).readDeposit({ partnerId }, plain.id);
    expect(completed).toMatchObject({ status: "completed", completedAt: expect.any(String) });
    expect((await accountObject(env, accountId).checkJournal()).mismatches).toEqual([]);
  });

  it("one payment completes a batch spanning two accounts, all together", async () => {
    const partnerId = newPartner();
    const [a, b] = [await openAccount(partnerId), await openAccount(partnerId)];
    await openDeposit(partnerId, a, { amountMinor: 700, paymentReference: "BATCH-1" });
    await openDeposit(partnerId, b, { amountMinor: 300, paymentReference: "BATCH-1", requestAdvance: true });
    // A deposit in another currency under the same reference is not part of a EUR payment.
    await openDeposit(partnerId, b, { amountMinor: 999, paymentReference: "BATCH-1", currency: "USD" });

    const wrong = await report(partnerId, "BATCH-1", 999);
    expect(wrong).toMatchObject({ ok: true, value: { status: "unmatched", depositIds: [] } });
    expect(await buckets(partnerId, a)).toEqual({ settled: 0, unsettled: 0, pending: 700 });

    const right = await report(partnerId, "batch-1", 1_000);
    expect(right).toMatchObject({ ok: true, value: { status: "matched" } });
    expect(right.ok && right.value.depositIds).toHaveLength(2);
    expect(await buckets(partnerId, a)).toEqual({ settled: 700, unsettled: 0, pending: 0 });
    expect(await buckets(partnerId, b)).toEqual({ settled: 300, unsettled: 0, pending: 0 });
  });

  it("8 identical reports at once complete the deposits exactly once", async () => {
    const partnerId = newPartner();
    const accountId = await openAccount(partnerId);
    const deposit = await openDeposit(partnerId, accountId, { amountMinor: 5_000, requestAdvance: true });
    const results = await Promise.all(Array.from({ length: 8 }, () => report(partnerId, deposit.paymentReference, 5_000)));
    const statuses = results.map((result) => (result.ok ? result.value.status : result.refusal.kind));
    expect(statuses.filter((status) => status === "matched")).toHaveLength(1);
    expect(statuses.filter((status) => status === "unmatched")).toHaveLength(7);
    expect(await buckets(partnerId, accountId)).toEqual({ settled: 5_000, unsettled: 0, pending: 0 });
    expect((await accountObject(env, accountId).checkJournal()).entries).toBe(2 + 4);
  });

  it("a retried report under its Idempotency-Key replays instead of matching again", async () => {
    const partnerId = newPartner();
    const accountId = await openAccount(partnerId);
    const deposit = await openDeposit(partnerId, accountId, { amountMinor: 100 });
    const command = { partnerId, paymentReference: deposit.paymentReference, amountMinor: 100, currency: "EUR" as const, idempotency: { key: "pay-1", requestHash: "h1" } };
    const first = await reportInboundPayment(env, command);
    const again = await reportInboundPayment(env, command);
    expect(again).toEqual({ ...first, replayed: true });
    const conflict = await reportInboundPayment(env, { ...command, idempotency: { key: "pay-1", requestHash: "h2" } });
    expect(conflict).toEqual({ ok: false, refusal: { kind: "idempotency_key_conflict" } });
  });

  it("cancel and payment racing: exactly one of them wins, and the books agree", async () => {
    for (let round = 0; round < 5; round += 1) {
      const partnerId = newPartner();
      const accountId = await openAccount(partnerId);
      const deposit = await openDeposit(partnerId, accountId, { amountMinor: 400, requestAdvance: round % 2 === 0 });
      const [canceled, paid] = await Promise.all([
        accountObject(env, accountId).cancelDeposit({ caller: { partnerId }, idempotency: null, depositId: deposit.id }),
        report(partnerId, deposit.paymentReference, 400),
      ]);
      const paidMatched = paid.ok && paid.value.status === "matched";
      expect(canceled.ok).toBe(!paidMatched);
      const final = await accountObject(env, accountId).readDeposit({ partnerId }, deposit.id);
      expect(final?.status).toBe(paidMatched ? "completed" : "canceled");
      expect(await buckets(partnerId, accountId)).toEqual({ settled: paidMatched ? 400 : 0, unsettled: 0, pending: 0 });
    }
  });

  it("cancel takes an advance back, and refuses a completed or canceled deposit", async () => {
    const partnerId = newPartner();
    const accountId = await openAccount(partnerId);
    const advanced = await openDeposit(partnerId, accountId, { amountMinor: 900, requestAdvance: true });
    const funded = await openDeposit(partnerId, accountId, { amountMinor: 100 });
    await report(partnerId, funded.paymentReference, 100);
    const stub = accountObject(env, accountId);
    const canceled = await stub.cancelDeposit({ caller: { partnerId }, idempotency: null, depositId: advanced.id });
    expect(canceled).toMatchObject({ ok: true, value: { status: "canceled", canceledAt: expect.any(String) } });
    expect(await buckets(partnerId, accountId)).toEqual({ settled: 100, unsettled: 0, pending: 0 });
    expect(await stub.cancelDeposit({ caller: { partnerId }, idempotency: null, depositId: advanced.id })).toEqual({ ok: false, refusal: { kind: "deposit_not_open", status: "canceled" } });
    expect(await stub.cancelDeposit({ caller: { partnerId }, idempotency: null, depositId: funded.id })).toEqual({ ok: false, refusal: { kind: "deposit_not_open", status: "completed" } });
    // A payment for the canceled deposit's reference now finds nothing open.
    expect(await report(partnerId, advanced.paymentReference, 900)).toMatchObject({ ok: true, value: { status: "unmatched" } });
    expect(await stub.cancelDeposit({ caller: { partnerId: newPartner() }, idempotency: null, depositId: funded.id })).toEqual({ ok: false, refusal: { kind: "deposit_not_found" } });
  });

  it("a matching step dying midway through a multi-account batch converges through the alarm", async () => {
    const partnerId = newPartner();
    const [a, b] = [await openAccount(partnerId), await openAccount(partnerId)];
    await openDeposit(partnerId, a, { amountMinor: 10, paymentReference: "HALF-WAY" });
    await openDeposit(partnerId, b, { amountMinor: 20, paymentReference: "HALF-WAY" });
    // The step dies after account a applied its completion and before account b could.
    const reference = referenceObject(env, partnerId, "HALF-WAY");
    await runInDurableObject(reference, (instance: ReferenceObject) => {
      const deliver = instance.deliverCompletion;
      let failures = 1;
      instance.deliverCompletion = async (accountId, completion) => {
        if (accountId === b && failures-- > 0) throw new Error("simulated: account unreachable");
        return deliver(accountId, completion);
      };
    });
    const result = await report(partnerId, "HALF-WAY", 30);
    expect(result).toMatchObject({ ok: true, value: { status: "matched" } });
    expect(await buckets(partnerId, a)).toEqual({ settled: 10, unsettled: 0, pending: 0 });
    expect(await buckets(partnerId, b)).toEqual({ settled: 0, unsettled: 0, pending: 20 });
    expect(await reference.pendingCompletions()).toBe(1);

    expect(await runDurableObjectAlarm(reference)).toBe(true);
    expect(await reference.pendingCompletions()).toBe(0);
    expect(await buckets(partnerId, b)).toEqual({ settled: 20, unsettled: 0, pending: 0 });
    // Nothing doubled on the account that had already applied its completion.
    expect(await buckets(partnerId, a)).toEqual({ settled: 10, unsettled: 0, pending: 0 });
  });
});

describe("a cancel and another request racing for one Idempotency-Key", () => {
  it("the loser is refused before the reference is asked, and the deposit stays fundable", async () => {
    for (let round = 0; round < 5; round += 1) {
      const partnerId = newPartner();
      const accountId = await openAccount(partnerId);
      const target = await openDeposit(partnerId, accountId, { amountMinor: 300 });
      const stub = accountObject(env, accountId);
      const key = `race-${round}`;
      const [canceled, other] = await Promise.all([
        stub.cancelDeposit({ caller: { partnerId }, idempotency: { key, requestHash: "cancel" }, depositId: target.id }),
        stub.createDeposit({ caller: { partnerId }, idempotency: { key, requestHash: "create" }, currency: "EUR", amountMinor: 100, paymentReference: null, requestAdvance: false }),
      ]);
      expect([canceled.ok, other.ok].filter(Boolean)).toHaveLength(1);
      const final = await stub.readDeposit({ partnerId }, target.id);
      if (canceled.ok) {
        expect(final?.status).toBe("canceled");
      } else {
        expect(canceled).toEqual({ ok: false, refusal: { kind: "idempotency_key_conflict" } });
        expect(final?.status).toBe("open");
        // The reference still holds it open too: the exact payment funds it.
        expect(await report(partnerId, target.paymentReference, 300)).toMatchObject({ ok: true, value: { status: "matched" } });
      }
    }
  });

  it("an eviction between the reference's decision and the account's write is finished by the alarm", async () => {
    const partnerId = newPartner();
    const accountId = await openAccount(partnerId);
    const target = await openDeposit(partnerId, accountId, { amountMinor: 250, requestAdvance: true });
    const stub = accountObject(env, accountId);
    // The reference agrees to the cancel; the account never hears back (as if evicted right then).
    await referenceObject(env, partnerId, target.paymentReference).cancel({
      partnerId,
      paymentReference: target.paymentReference,
      depositId: target.id,
      accountId,
      currency: "EUR",
      amountMinor: 250,
      standing: { active: true, version: 0 },
    });
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("INSERT INTO cancel_intents (deposit_id, idempotency_key, request_hash) VALUES (?, 'lost-cancel', 'h')", target.id);
      state.storage.sql.exec("INSERT INTO idempotency_records (key, request_hash, value, created_at_ms) VALUES ('lost-cancel', 'h', '', ?)", Date.now());
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.readDeposit({ partnerId }, target.id)).toMatchObject({ status: "canceled" });
    expect(await buckets(partnerId, accountId)).toEqual({ settled: 0, unsettled: 0, pending: 0 });
    // The retried request replays the answer the alarm recorded under its key.
    const retried = await stub.cancelDeposit({ caller: { partnerId }, idempotency: { key: "lost-cancel", requestHash: "h" }, depositId: target.id });
    expect(retried).toMatchObject({ ok: true, replayed: true, value: { status: "canceled" } });
  });
});

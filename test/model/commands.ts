// The commands fast-check strings together. Each is generated without knowing the model's state (indexes and
// modes, not ids), resolved against the model when it runs, driven through the Worker, and followed by the
// full check of the ledger against the model.
import fc from "fast-check";
import { compare, observe } from "./observe";
import { sophic_currencies, type LedgerInput, type ReferenceModel } from "./reference-model";
import { model_key_races } from "./config";
import { count, runBurst, runKeyRace, runOne, runRace, runTogether, type StepOutcome } from "./step";
import { freshKey, type AccountName, type AmountStyle, type World } from "./world";

/**
 * Chosen references: two spellings of one (references match regardless of case), and some with separators.
 * None has the shape of a generated reference; a deposit may instead choose one the ledger generated, which
 * is refused (generated references are reserved).
 */
export const reference_pool = ["INV-1001", "inv-1001", "Batch 7", "B/7.2", "SHARED-X"] as const;

abstract class LedgerCommand implements fc.AsyncCommand<ReferenceModel, World> {
  check(_model: Readonly<ReferenceModel>): boolean {
    return true;
  }

  async run(model: ReferenceModel, world: World): Promise<void> {
    const outcome = await this.step(model, world);
    count("steps checked");
    compare(world, model, await observe(world), outcome.refused);
  }

  protected abstract step(model: ReferenceModel, world: World): Promise<StepOutcome>;
  abstract toString(): string;
}

const keyOf = (world: World, keyed: boolean): string | null => (keyed ? freshKey(world) : null);
const pick = <T>(items: readonly T[], index: number): T => {
  const item = items[index % items.length];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};

function send(world: World, model: ReferenceModel, input: LedgerInput, copies: number, style: AmountStyle): Promise<StepOutcome> {
  return copies === 1 ? runOne(world, model, input, style) : runBurst(world, model, input, copies, style);
}

const copiesArb = fc.oneof({ arbitrary: fc.constant(1), weight: 4 }, { arbitrary: fc.integer({ min: 2, max: 5 }), weight: 1 });
const amountArb = fc.oneof(fc.constantFrom(100, 250, 1_000, 2_500), fc.integer({ min: 1, max: 50_000 }));
const styleArb = fc.constantFrom<AmountStyle>("fixed", "trimmed", "number");

// --- Qash deposits: settled at once; into the user's own accounts, or (refused) another's -------------------

type QashParams = { target: "eur" | "mxn" | "foreign"; currency: "asset" | "other" | "unknown"; amount: number; keyed: boolean; copies: number };

class QashDeposit extends LedgerCommand {
  constructor(readonly p: QashParams) {
    super();
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const name: AccountName = this.p.target === "eur" ? "qashEur" : this.p.target === "mxn" ? "qashMxn" : "sophicEur";
    const accountId = world.accounts[name];
    const asset = model.account(accountId).currencies[0] ?? "EUR";
    const currency = this.p.currency === "asset" ? asset : this.p.currency === "other" ? (asset === "EUR" ? "MXN" : "EUR") : "XAU";
    return send(world, model, { op: "qash-deposit", accountId, amountMinor: this.p.amount, currency, key: keyOf(world, this.p.keyed) }, this.p.copies, "fixed");
  }
  toString(): string {
    return `QashDeposit(${JSON.stringify(this.p)})`;
  }
}

const qashDeposit = fc
  .record({
    target: fc.constantFrom("eur", "eur", "mxn", "foreign"),
    currency: fc.constantFrom("asset", "asset", "asset", "other", "unknown"),
    amount: amountArb,
    keyed: fc.boolean(),
    copies: copiesArb,
  })
  .map((p) => new QashDeposit(p as QashParams));

// --- Sophic deposits: plain or advanced, generated or chosen reference -------------------------------------

const sophic_targets: readonly AccountName[] = ["qashEur", "sophicEur", "sophicUsd", "sophicEur2"];

type SophicParams = {
  target: number;
  currency: "first" | "second" | "unfunded" | "mxn";
  amount: number;
  reference: number | null;
  advance: boolean;
  keyed: boolean;
  style: AmountStyle;
  copies: number;
};

class SophicDeposit extends LedgerCommand {
  constructor(readonly p: SophicParams) {
    super();
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const accountId = world.accounts[pick(sophic_targets, this.p.target)];
    const funded = model.account(accountId).currencies;
    const first = funded[0] ?? "EUR";
    const currency =
      this.p.currency === "first" ? first
      : this.p.currency === "second" ? (funded[1] ?? first)
      : this.p.currency === "unfunded" ? (sophic_currencies.find((code) => !funded.includes(code)) ?? "GBP")
      : "MXN";
    const reference = this.p.reference === null ? null : pick(reference_pool, this.p.reference);
    const input: LedgerInput = { op: "sophic-deposit", accountId, amountMinor: this.p.amount, currency, reference, advance: this.p.advance, key: keyOf(world, this.p.keyed) };
    return send(world, model, input, this.p.copies, this.p.style);
  }
  toString(): string {
    return `SophicDeposit(${JSON.stringify(this.p)})`;
  }
}

const sophicDeposit = fc
  .record({
    target: fc.nat(),
    currency: fc.constantFrom("first", "first", "first", "second", "unfunded", "mxn"),
    amount: amountArb,
    reference: fc.option(fc.nat(), { nil: null }),
    advance: fc.boolean(),
    keyed: fc.boolean(),
    style: styleArb,
    copies: copiesArb,
  })
  .map((p) => new SophicDeposit(p as SophicParams));

// --- A deposit choosing another deposit's generated reference, in another case: refused, changing nothing ------

type ReservedParams = { target: number; pick: number; lowerCase: boolean; keyed: boolean };

class ReservedReference extends LedgerCommand {
  constructor(readonly p: ReservedParams) {
    super();
  }
  protected async step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const accountId = world.accounts[pick(sophic_targets, this.p.target)];
    const currency = model.account(accountId).currencies[0] ?? "EUR";
    if (model.generatedReferences.size === 0) {
      // Deposits mostly choose their references: open one with a generated reference first, checked as a step of its own.
      await runOne(world, model, { op: "sophic-deposit", accountId, amountMinor: 100, currency, reference: null, advance: false, key: null });
      compare(world, model, await observe(world), false);
    }
    const generated = pick([...model.generatedReferences], this.p.pick);
    const reference = this.p.lowerCase ? generated.toLowerCase() : `${generated.slice(0, 2).toLowerCase()}${generated.slice(2)}`;
    const input: LedgerInput = { op: "sophic-deposit", accountId, amountMinor: 100, currency, reference, advance: true, key: keyOf(world, this.p.keyed) };
    return runOne(world, model, input);
  }
  toString(): string {
    return `ReservedReference(${JSON.stringify(this.p)})`;
  }
}

const reservedReference = fc.record({ target: fc.nat(), pick: fc.nat(), lowerCase: fc.boolean(), keyed: fc.boolean() }).map((p) => new ReservedReference(p));

// --- A batch: 2-3 accounts of the partner share one reference; one payment of the sum funds them all ---------

type BatchParams = { usd: boolean; amounts: number[]; advances: boolean[]; reference: number | null; keyed: boolean };

class BatchFunding extends LedgerCommand {
  constructor(readonly p: BatchParams) {
    super();
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const group: AccountName[] = this.p.usd ? ["sophicEur", "sophicUsd"] : ["qashEur", "sophicEur", "sophicEur2"];
    let reference: string;
    if (this.p.reference === null) {
      reference = `BATCH-${world.nextBatch}`;
      world.nextBatch += 1;
    } else reference = pick(reference_pool, this.p.reference);
    const inputs = group.slice(0, this.p.amounts.length).map((name, index): LedgerInput => ({
      op: "sophic-deposit",
      accountId: world.accounts[name],
      amountMinor: this.p.amounts[index] ?? 1,
      currency: this.p.usd ? "USD" : "EUR",
      reference,
      advance: this.p.advances[index] ?? false,
      key: keyOf(world, this.p.keyed),
    }));
    return runTogether(world, model, inputs);
  }
  toString(): string {
    return `BatchFunding(${JSON.stringify(this.p)})`;
  }
}

const batchFunding = fc
  .record({
    usd: fc.boolean(),
    amounts: fc.array(amountArb, { minLength: 2, maxLength: 3 }),
    advances: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    reference: fc.option(fc.nat(), { nil: null }),
    keyed: fc.boolean(),
  })
  .map((p) => new BatchFunding(p));

// --- Inbound payments: exact, short, over, another currency, another dialect's currency -------------------

type PaymentParams = {
  /** Aim at a reference with open deposits (when there is one) rather than any known one. */
  open: boolean;
  reference: number;
  lowerCase: boolean;
  amount: "exact" | "less" | "more" | "first" | "random";
  currency: "deposits" | "other" | "mxn";
  random: number;
  keyed: boolean;
  style: AmountStyle;
  copies: number;
};

class Payment extends LedgerCommand {
  constructor(readonly p: PaymentParams) {
    super();
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const withOpen = [...new Set(model.depositsWithStatus("open").map((deposit) => deposit.reference))];
    const chosen = pick(this.p.open && withOpen.length > 0 ? withOpen : [...model.references(), ...reference_pool], this.p.reference);
    const reference = this.p.lowerCase && chosen.toLowerCase() !== chosen ? chosen.toLowerCase() : chosen;
    const carried = model.depositsWithStatus("open").find((deposit) => deposit.reference.toUpperCase() === reference.toUpperCase())?.currency ?? "EUR";
    const currency = this.p.currency === "deposits" ? carried : this.p.currency === "other" ? (sophic_currencies.find((code) => code !== carried) ?? "GBP") : "MXN";
    const open = model.openDeposits(reference, currency);
    const sum = open.reduce((total, deposit) => total + deposit.amountMinor, 0);
    const amounts = { exact: sum, less: sum - 1, more: sum + 1, first: open[0]?.amountMinor ?? 0, random: this.p.random };
    const amountMinor = amounts[this.p.amount] > 0 ? amounts[this.p.amount] : this.p.random;
    return send(world, model, { op: "payment", reference, amountMinor, currency, key: keyOf(world, this.p.keyed) }, this.p.copies, this.p.style);
  }
  toString(): string {
    return `Payment(${JSON.stringify(this.p)})`;
  }
}

const payment = fc
  .record({
    open: fc.constantFrom(true, true, true, false),
    reference: fc.nat(),
    lowerCase: fc.boolean(),
    amount: fc.constantFrom("exact", "exact", "exact", "less", "more", "first", "random"),
    currency: fc.constantFrom("deposits", "deposits", "deposits", "deposits", "deposits", "deposits", "other", "mxn"),
    random: amountArb,
    keyed: fc.boolean(),
    style: styleArb,
    copies: copiesArb,
  })
  .map((p) => new Payment(p as PaymentParams));

// --- Cancels: of open, completed and canceled deposits, and through an account that does not hold them ------

type CancelParams = { target: "open" | "completed" | "canceled" | "foreign"; pick: number; keyed: boolean; copies: number };

class Cancel extends LedgerCommand {
  constructor(readonly p: CancelParams) {
    super();
  }
  override check(model: Readonly<ReferenceModel>): boolean {
    return model.deposits.size > 0;
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const wanted = this.p.target === "foreign" ? [] : model.depositsWithStatus(this.p.target);
    const deposit = pick(wanted.length > 0 ? wanted : [...model.deposits.values()], this.p.pick);
    const elsewhere = sophic_targets.map((name) => world.accounts[name]).find((id) => id !== deposit.accountId) ?? deposit.accountId;
    const accountId = this.p.target === "foreign" ? elsewhere : deposit.accountId;
    return send(world, model, { op: "cancel", accountId, depositId: deposit.id, key: keyOf(world, this.p.keyed) }, this.p.copies, "fixed");
  }
  toString(): string {
    return `Cancel(${JSON.stringify(this.p)})`;
  }
}

const cancel = fc
  .record({ target: fc.constantFrom("open", "open", "completed", "canceled", "foreign"), pick: fc.nat(), keyed: fc.boolean(), copies: copiesArb })
  .map((p) => new Cancel(p as CancelParams));

// --- Idempotency: a keyed request sent again (alone or several at once), or its key reused for another body ---

type RetryParams = { pick: number; style: AmountStyle; copies: number; alter: "none" | "body" | "command" | "object" };

class Retry extends LedgerCommand {
  constructor(readonly p: RetryParams) {
    super();
  }
  override check(model: Readonly<ReferenceModel>): boolean {
    return model.keyedInputs.length > 0;
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const original = pick(model.keyedInputs, this.p.pick);
    if (this.p.alter === "none") return send(world, model, original, this.p.copies, this.p.style);
    const altered = this.p.alter === "body" ? otherBody(original) : this.p.alter === "command" ? otherCommand(original) : otherObject(original, world);
    return send(world, model, altered, 1, this.p.style);
  }
  toString(): string {
    return `Retry(${JSON.stringify(this.p)})`;
  }
}

/** The same key with another body: one more minor unit, or the cancel of the next deposit id. */
function otherBody(input: LedgerInput): LedgerInput {
  return input.op === "cancel" ? { ...input, depositId: input.depositId + 1 } : { ...input, amountMinor: input.amountMinor + 1 };
}

/**
 * The same request, word for word, naming another object: the next of the world's accounts, or a payment's
 * reference with a suffix. Its key is its caller's, so this is a conflict however unrelated the object.
 */
function otherObject(input: LedgerInput, world: World): LedgerInput {
  if (input.op === "payment") return { ...input, reference: `${input.reference}-B` };
  const ids = Object.values(world.accounts);
  const next = ids[(ids.indexOf(input.accountId) + 1) % ids.length] ?? input.accountId;
  return { ...input, accountId: next };
}

/**
 * The same key on another endpoint of the same scope (a Qash deposit's key on a Sophic deposit into that
 * account, a deposit's on a cancel, and back), or a payment's key with its reference in another case (the
 * same reference object, another body).
 */
function otherCommand(input: LedgerInput): LedgerInput {
  const { key } = input;
  switch (input.op) {
    case "qash-deposit":
      return { op: "sophic-deposit", accountId: input.accountId, amountMinor: input.amountMinor, currency: input.currency, reference: null, advance: false, key };
    case "sophic-deposit":
      return { op: "cancel", accountId: input.accountId, depositId: 1, key };
    case "cancel":
      return { op: "sophic-deposit", accountId: input.accountId, amountMinor: 100, currency: "EUR", reference: null, advance: true, key };
    case "payment": {
      const flipped = input.reference.toLowerCase() === input.reference ? input.reference.toUpperCase() : input.reference.toLowerCase();
      return { ...input, reference: flipped };
    }
  }
}

const retry = fc
  .record({ pick: fc.nat(), style: styleArb, copies: fc.integer({ min: 1, max: 4 }), alter: fc.constantFrom<RetryParams["alter"]>("none", "none", "body", "command", "object") })
  .map((p) => new Retry(p));

// --- A cancel racing the payment that would complete the same deposit: exactly one wins ---------------------

class CancelRacesPayment extends LedgerCommand {
  constructor(readonly pickIndex: number) {
    super();
  }
  override check(model: Readonly<ReferenceModel>): boolean {
    return model.depositsWithStatus("open").length > 0;
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const deposit = pick(model.depositsWithStatus("open"), this.pickIndex);
    const amountMinor = model.openDeposits(deposit.reference, deposit.currency).reduce((total, open) => total + open.amountMinor, 0);
    return runRace(
      world,
      model,
      { op: "cancel", accountId: deposit.accountId, depositId: deposit.id, key: null },
      { op: "payment", reference: deposit.reference, amountMinor, currency: deposit.currency, key: null },
    );
  }
  toString(): string {
    return `CancelRacesPayment(${this.pickIndex})`;
  }
}

const race = fc.nat().map((index) => new CancelRacesPayment(index));

// --- Two different requests under one key at once: one may act, the other is a conflict that did nothing -------

class KeyRace extends LedgerCommand {
  constructor(readonly p: { pick: number; other: number; deposit: boolean }) {
    super();
  }
  override check(model: Readonly<ReferenceModel>): boolean {
    return model.depositsWithStatus("open").length > 0;
  }
  protected step(model: ReferenceModel, world: World): Promise<StepOutcome> {
    const target = pick(model.depositsWithStatus("open"), this.p.pick);
    const key = freshKey(world);
    const siblings = [...model.deposits.values()].filter((deposit) => deposit.accountId === target.accountId && deposit.id !== target.id);
    const second: LedgerInput =
      this.p.deposit || siblings.length === 0
        ? { op: "sophic-deposit", accountId: target.accountId, amountMinor: 100, currency: target.currency, reference: null, advance: false, key }
        : { op: "cancel", accountId: target.accountId, depositId: pick(siblings, this.p.other).id, key };
    return runKeyRace(world, model, { op: "cancel", accountId: target.accountId, depositId: target.id, key }, second);
  }
  toString(): string {
    return `KeyRace(${JSON.stringify(this.p)})`;
  }
}

const keyRace = fc.record({ pick: fc.nat(), other: fc.nat(), deposit: fc.boolean() }).map((p) => new KeyRace(p));

/** Every command, weighted towards the money-moving ones. */
export function ledgerCommands(maxCommands: number) {
  const all = [qashDeposit, qashDeposit, sophicDeposit, sophicDeposit, reservedReference, batchFunding, payment, payment, payment, cancel, retry, retry, race];
  return fc.commands(model_key_races ? [...all, keyRace, keyRace] : all, { maxCommands, size: "max" });
}

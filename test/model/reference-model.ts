// A small in-memory model of what the ledger promises, written from the contract (the README, /openapi.json and
// the vendors' pages in test/fixtures/vendor), not from src/: if the two disagree, one of them is wrong. It knows accounts and their buckets,
// deposits and their status, payments, payment references, idempotency keys, and the matching rule.
// It never talks HTTP: the driver asks it what must happen, checks the answer, then tells it what did.

export type Bucket = "settled" | "unsettled" | "pending";
export const model_buckets: readonly Bucket[] = ["settled", "unsettled", "pending"];
export type Dialect = "qash" | "sophic";
export type DepositStatus = "open" | "completed" | "canceled";

/** What each dialect's routes accept before any account is consulted. */
export const qash_currencies: readonly string[] = ["USD", "EUR", "GBP", "MXN", "COP", "USDC"];
export const sophic_currencies: readonly string[] = ["EUR", "USD", "GBP"];

export type ModelAccount = {
  id: number;
  /** Who opened it: a Qash account belongs to the session's user, a Sophic one to the partner only. */
  dialect: Dialect;
  /** Funding currencies; a Qash account has exactly one, its asset. */
  currencies: readonly string[];
  /** Net balance (credits - debits) per `${currency}:${bucket}`. */
  balances: Map<string, number>;
  /** Journal legs the account's own journal must hold (both sides of every transaction it wrote). */
  journalEntries: number;
  /**
   * Transactions that moved its settled cash: Qash credits and funded Sophic deposits. Qash history lists
   * exactly these (opening and canceling a deposit move no cash), so they sum to the Qash balance.
   */
  cashTransactions: number;
};

export type ModelDeposit = { id: number; accountId: number; amountMinor: number; currency: string; reference: string; advanced: boolean; status: DepositStatus };
export type ModelPayment = { id: number; reference: string; amountMinor: number; currency: string; matched: boolean; depositIds: number[] };

export type CreditInput = { op: "qash-deposit"; accountId: number; amountMinor: number; currency: string; key: string | null };
export type DepositInput = { op: "sophic-deposit"; accountId: number; amountMinor: number; currency: string; reference: string | null; advance: boolean; key: string | null };
export type CancelInput = { op: "cancel"; accountId: number; depositId: number; key: string | null };
export type PaymentInput = { op: "payment"; reference: string; amountMinor: number; currency: string; key: string | null };
export type LedgerInput = CreditInput | DepositInput | CancelInput | PaymentInput;

export type RefusalKind =
  /** Refused by the route before the key is looked at (an unknown currency for the dialect). */
  | "route_currency"
  /**
   * A chosen payment reference of the shape of a generated one, in any case: refused with the body's shape,
   * before the key and before the currency. The model sends only references the ledger generated.
   */
  | "reserved_reference"
  | "account_not_found"
  | "idempotency_key_conflict"
  | "currency_not_supported"
  | "deposit_not_found"
  | "deposit_not_open";

export type PaymentPlan = { matched: boolean; depositIds: number[] };
export type Prediction =
  | { kind: "refused"; refusal: RefusalKind }
  | { kind: "replay"; answer: unknown }
  | { kind: "apply"; payment: PaymentPlan | null };

type KeyRecord = { fingerprint: string; answer: unknown };

/** Banks and payers change case freely: references match regardless of it. */
export const referenceGroup = (reference: string): string => reference.toUpperCase();

/** What a key guards: the request's meaning, without the key itself (amount spelling is not meaning). */
export function fingerprint(input: LedgerInput): string {
  const { key: _key, ...meaning } = input;
  return JSON.stringify(meaning);
}

/**
 * A key belongs to its caller, whatever the request names: the Qash user for a Qash deposit, the partner for
 * every Sophic request. One caller's key with another request is a conflict, in any account or reference.
 */
export function keyScope(input: LedgerInput): string {
  return input.op === "qash-deposit" ? "qash-user" : "partner";
}

export class ReferenceModel {
  readonly accounts = new Map<number, ModelAccount>();
  readonly deposits = new Map<number, ModelDeposit>();
  readonly payments: ModelPayment[] = [];
  /** Qash credits made (each emits one `transaction.completed`). */
  credits = 0;
  /** The references the ledger generated, by reference group, in the order they appeared. */
  readonly generatedReferences = new Set<string>();
  /** Every keyed input that was sent, in order, so a later step can retry it or reuse its key. */
  readonly keyedInputs: LedgerInput[] = [];
  private readonly keys = new Map<string, Map<string, KeyRecord>>();

  openAccount(id: number, dialect: Dialect, currencies: readonly string[]): void {
    this.accounts.set(id, { id, dialect, currencies, balances: new Map(), journalEntries: 0, cashTransactions: 0 });
  }

  /**
   * Whether the Sophic dialect shows the account: only when each of its currencies is the vendor's. One a
   * Qash user opened in another (MXN here) answers 422 currency_not_supported on every Sophic read of it.
   */
  sophicShows(accountId: number): boolean {
    return this.account(accountId).currencies.every((currency) => sophic_currencies.includes(currency));
  }

  balance(accountId: number, currency: string, bucket: Bucket): number {
    return this.account(accountId).balances.get(`${currency}:${bucket}`) ?? 0;
  }

  /** What the ledger must answer to `input` in the current state. Pure: nothing changes until `apply`. */
  predict(input: LedgerInput): Prediction {
    const early = this.routeRefusal(input);
    if (early !== null) return { kind: "refused", refusal: early };
    // The caller's key is looked at before the account: a key bound to another request is a conflict for any
    // account named, one the caller cannot see included (so a foreign id still answers like a missing one).
    const record = input.key === null ? undefined : this.keys.get(keyScope(input))?.get(input.key);
    if (record !== undefined && record.fingerprint !== fingerprint(input)) return { kind: "refused", refusal: "idempotency_key_conflict" };
    if (input.op !== "payment" && !this.callerSees(input)) return { kind: "refused", refusal: "account_not_found" };
    if (record !== undefined) return { kind: "replay", answer: record.answer };
    return this.decide(input);
  }

  /** The open deposits a payment would complete: all of its reference group in its currency, iff they sum to it. */
  matchFor(reference: string, currency: string, amountMinor: number): PaymentPlan {
    const open = this.openDeposits(reference, currency);
    const total = open.reduce((sum, deposit) => sum + deposit.amountMinor, 0);
    const matched = open.length > 0 && total === amountMinor;
    return { matched, depositIds: matched ? open.map((deposit) => deposit.id).sort((a, b) => a - b) : [] };
  }

  openDeposits(reference: string, currency: string): ModelDeposit[] {
    const group = referenceGroup(reference);
    return [...this.deposits.values()].filter((deposit) => deposit.status === "open" && deposit.currency === currency && referenceGroup(deposit.reference) === group);
  }

  /** A Qash deposit: settled funds at once. */
  applyCredit(input: CreditInput, answer: unknown): void {
    this.move(input.accountId, input.currency, "settled", input.amountMinor);
    this.account(input.accountId).journalEntries += 2;
    this.account(input.accountId).cashTransactions += 1;
    this.credits += 1;
    this.remember(input, answer);
  }

  /** A Sophic deposit opened: pending, or unsettled when advanced. The ledger chose its id (and maybe its reference). */
  applyDeposit(input: DepositInput, id: number, reference: string, answer: unknown): void {
    if (this.deposits.has(id)) throw new Error(`the ledger reused deposit id ${id}`);
    this.deposits.set(id, { id, accountId: input.accountId, amountMinor: input.amountMinor, currency: input.currency, reference, advanced: input.advance, status: "open" });
    if (input.reference === null) this.generatedReferences.add(referenceGroup(reference));
    this.move(input.accountId, input.currency, input.advance ? "unsettled" : "pending", input.amountMinor);
    this.account(input.accountId).journalEntries += 2;
    this.remember(input, answer);
  }

  applyCancel(input: CancelInput, answer: unknown): void {
    const deposit = this.deposit(input.depositId);
    this.move(deposit.accountId, deposit.currency, deposit.advanced ? "unsettled" : "pending", -deposit.amountMinor);
    this.account(deposit.accountId).journalEntries += 2;
    deposit.status = "canceled";
    this.remember(input, answer);
  }

  /** A payment is always kept; when it matched, each of its deposits completes (exactly once). */
  applyPayment(input: PaymentInput, plan: PaymentPlan, id: number, answer: unknown): void {
    for (const depositId of plan.depositIds) {
      const deposit = this.deposit(depositId);
      if (deposit.status !== "open") throw new Error(`model: deposit ${depositId} is ${deposit.status}, it cannot complete`);
      this.move(deposit.accountId, deposit.currency, deposit.advanced ? "unsettled" : "pending", -deposit.amountMinor);
      this.move(deposit.accountId, deposit.currency, "settled", deposit.amountMinor);
      this.account(deposit.accountId).journalEntries += 4;
      this.account(deposit.accountId).cashTransactions += 1;
      deposit.status = "completed";
    }
    this.payments.push({ id, reference: input.reference, amountMinor: input.amountMinor, currency: input.currency, matched: plan.matched, depositIds: plan.depositIds });
    this.remember(input, answer);
  }

  /** Records that a keyed input was sent (whatever came of it), for later retries. */
  noteKeyed(input: LedgerInput): void {
    if (input.key !== null && !this.keyedInputs.some((seen) => seen.key === input.key && fingerprint(seen) === fingerprint(input))) this.keyedInputs.push(input);
  }

  /**
   * Net credit per ledger account the partner's history must show: each account bucket, and the two
   * partner-wide counter-accounts, which are debit-normal: clearing holds every settled unit, receivable
   * every unit promised by an open deposit. Zero balances are left out.
   */
  ledgerAccounts(partnerId: string): Map<string, number> {
    const net = new Map<string, number>();
    const add = (name: string, amount: number) => net.set(name, (net.get(name) ?? 0) + amount);
    for (const account of this.accounts.values()) {
      for (const [slot, amount] of account.balances) {
        const [currency, bucket] = slot.split(":") as [string, Bucket];
        add(`account:${account.id}:${bucket}`, amount);
        add(bucket === "settled" ? `clearing:${partnerId}:${currency}` : `receivable:${partnerId}:${currency}`, -amount);
      }
    }
    for (const [name, amount] of net) if (amount === 0) net.delete(name);
    return net;
  }

  depositsWithStatus(status: DepositStatus): ModelDeposit[] {
    return [...this.deposits.values()].filter((deposit) => deposit.status === status);
  }

  /** Distinct reference spellings deposits carry, in the order they appeared. */
  references(): string[] {
    return [...new Set([...this.deposits.values()].map((deposit) => deposit.reference))];
  }

  account(id: number): ModelAccount {
    const account = this.accounts.get(id);
    if (account === undefined) throw new Error(`model: no account ${id}`);
    return account;
  }

  deposit(id: number): ModelDeposit {
    const deposit = this.deposits.get(id);
    if (deposit === undefined) throw new Error(`model: no deposit ${id}`);
    return deposit;
  }

  /** Adds to a bucket. Protected so a deliberately broken model can skew it. */
  protected move(accountId: number, currency: string, bucket: Bucket, amount: number): void {
    const balances = this.account(accountId).balances;
    const slot = `${currency}:${bucket}`;
    const next = (balances.get(slot) ?? 0) + amount;
    if (next < 0) throw new Error(`model: ${slot} of account ${accountId} would go below zero`);
    balances.set(slot, next);
  }

  private routeRefusal(input: LedgerInput): RefusalKind | null {
    if (input.op === "sophic-deposit" && input.reference !== null && this.generatedReferences.has(referenceGroup(input.reference))) return "reserved_reference";
    const accepted = input.op === "qash-deposit" ? qash_currencies : sophic_currencies;
    return input.op === "cancel" || accepted.includes(input.currency) ? null : "route_currency";
  }

  /** Qash callers see only their own user's accounts; Sophic callers every account of the partner. */
  private callerSees(input: CreditInput | DepositInput | CancelInput): boolean {
    const account = this.accounts.get(input.accountId);
    return account !== undefined && (input.op !== "qash-deposit" || account.dialect === "qash");
  }

  private decide(input: LedgerInput): Prediction {
    switch (input.op) {
      case "qash-deposit":
      case "sophic-deposit":
        return this.account(input.accountId).currencies.includes(input.currency) ? { kind: "apply", payment: null } : { kind: "refused", refusal: "currency_not_supported" };
      case "cancel": {
        const deposit = this.deposits.get(input.depositId);
        if (deposit === undefined || deposit.accountId !== input.accountId) return { kind: "refused", refusal: "deposit_not_found" };
        return deposit.status === "open" ? { kind: "apply", payment: null } : { kind: "refused", refusal: "deposit_not_open" };
      }
      case "payment":
        return { kind: "apply", payment: this.matchFor(input.reference, input.currency, input.amountMinor) };
    }
  }

  /** Only a command that succeeded keeps its key: a refused one may be corrected and sent again. */
  private remember(input: LedgerInput, answer: unknown): void {
    if (input.key === null) return;
    const scope = keyScope(input);
    const records = this.keys.get(scope) ?? new Map<string, KeyRecord>();
    records.set(input.key, { fingerprint: fingerprint(input), answer });
    this.keys.set(scope, records);
  }
}

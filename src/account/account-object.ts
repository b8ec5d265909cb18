// One ledger account's single writer. Every command checks, moves balances, journals, records its
// idempotency key and queues its history in ONE synchronous transaction; D1 hears of it afterwards.
import { DurableObject } from "cloudflare:workers";
import { idAllocator } from "../ids/id-allocator";
import { applyLegs } from "../ledger/balances";
import { isCurrency } from "../ledger/currencies";
import { creditSettledLegs, type Leg } from "../ledger/journal";
import { refuse, type CommandResult, type Refusal } from "../ledger/refusals";
import type { ProjectionRecord } from "../db/projection";
import { log } from "../http/log";
import {
  balancesOf,
  checkJournal,
  insertAccount,
  insertEntries,
  insertTransaction,
  readAccount,
  readTotals,
  writeChanges,
  type AccountRecord,
} from "./books";
import type { AccountView, Caller, CreditCommand, JournalCheck, OpenAccountCommand, TransactionView } from "./commands";
import { forgetExpiredOutcomes, priorOutcome, recordOutcome } from "./idempotency";
import { IdPool } from "./id-pool";
import { projection_fallback_ms } from "./limits";
import { Outbox, type DrainOutcome } from "./outbox";
import { migrateAccountStorage } from "./storage-schema";

export class AccountObject extends DurableObject<Env> {
  /** Where history is projected. Fault-injection tests put a failing double here. */
  history: D1Database;
  private readonly ids: IdPool;
  private readonly outbox: Outbox;
  private fallbackArmed = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateAccountStorage(ctx.storage);
    this.history = env.DB;
    this.ids = new IdPool(ctx.storage.sql, (count) => idAllocator(env).reserve(count));
    this.outbox = new Outbox(ctx.storage.sql, () => this.history);
  }

  /** Opens the account. Its registry row reaches D1 through the outbox like any other change. */
  async open(command: OpenAccountCommand): Promise<CommandResult<AccountView>> {
    const result = this.ctx.storage.transactionSync((): CommandResult<AccountView> => {
      if (readAccount(this.sql) !== null) return refuse({ kind: "account_exists" });
      const record = insertAccount(this.sql, command, new Date().toISOString());
      this.outbox.enqueue({ accounts: [accountRow(record)] }, Date.now());
      return { ok: true, value: { ...record, balances: [] }, replayed: false };
    });
    if (result.ok) await this.projectNow();
    return result;
  }

  /** Credits settled funds the partner already holds: the Qash deposit. */
  async credit(command: CreditCommand): Promise<CommandResult<TransactionView>> {
    await this.ids.ensure(1);
    // No await from here to the end of the transaction: the checks and the writes are one step.
    const result = this.ctx.storage.transactionSync((): CommandResult<TransactionView> => {
      const nowMs = Date.now();
      const prior = priorOutcome<TransactionView>(this.sql, command.idempotency, nowMs);
      if (prior.kind === "replay") return { ok: true, value: prior.value, replayed: true };
      if (prior.kind === "conflict") return refuse({ kind: "idempotency_key_conflict" });

      const account = this.ownedBy(command.caller);
      if (account === null) return refuse({ kind: "account_not_found" });
      if (account.status !== "active") return refuse({ kind: "account_inactive" });
      const currency = command.currency;
      if (!isCurrency(currency) || currency !== account.baseCurrency) {
        return refuse({ kind: "currency_not_supported", currency, accepted: [account.baseCurrency] });
      }
      const legs = creditSettledLegs({ accountId: account.id, partnerId: account.partnerId, currency, amountMinor: command.amountMinor });
      const refusal = this.applyLegs(account, legs);
      if (refusal !== null) return refuse(refusal);

      const transaction: TransactionView = {
        id: this.ids.take(),
        accountId: account.id,
        kind: "deposit",
        status: "COMPLETED",
        amountMinor: command.amountMinor,
        currency,
        description: command.description,
        provider: command.provider,
        metadata: command.metadata,
        createdAt: new Date(nowMs).toISOString(),
      };
      this.commitTransaction(account, transaction, legs);
      recordOutcome(this.sql, command.idempotency, transaction, nowMs);
      return { ok: true, value: transaction, replayed: false };
    });
    if (result.ok && !result.replayed) this.afterCommit();
    return result;
  }

  /** The account and its exact balances, when the caller may see it. */
  view(caller: Caller): AccountView | null {
    const account = this.ownedBy(caller);
    return account === null ? null : { ...account, balances: balancesOf(this.sql) };
  }

  /** Recomputes the balances from the journal (the audit's and the tests' check). */
  checkJournal(): JournalCheck {
    return checkJournal(this.sql, readAccount(this.sql)?.id ?? null);
  }

  /** Outbox rows not yet confirmed by D1. */
  projectionBacklog(): number {
    return this.outbox.backlog();
  }

  /** Drains the outbox now and says what is left (tests and operators; commits drain by themselves). */
  async projectNow(): Promise<DrainOutcome> {
    const outcome = await this.outbox.drain();
    if (outcome.failed) await this.ctx.storage.setAlarm(Date.now() + this.outbox.retryDelayMs());
    return outcome;
  }

  /** The fallback and retry path of the projection, and the clean-up of expired idempotency keys. */
  override async alarm(): Promise<void> {
    this.fallbackArmed = false;
    const outcome = await this.outbox.drain();
    forgetExpiredOutcomes(this.sql, Date.now());
    if (outcome.backlog > 0) {
      this.fallbackArmed = true;
      await this.ctx.storage.setAlarm(Date.now() + this.outbox.retryDelayMs());
    }
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private ownedBy(caller: Caller): AccountRecord | null {
    const account = readAccount(this.sql);
    if (account === null || account.partnerId !== caller.partnerId) return null;
    if (caller.userId !== undefined && account.userId !== caller.userId) return null;
    return account;
  }

  /** Checks the legs against the limits and applies them; a refusal leaves everything untouched. */
  private applyLegs(account: AccountRecord, legs: readonly Leg[]): Refusal | null {
    const applied = applyLegs(account.id, legs, (currency, bucket) => readTotals(this.sql, currency, bucket));
    if (!applied.ok) return { kind: applied.reason };
    writeChanges(this.sql, applied.changes);
    return null;
  }

  private commitTransaction(account: AccountRecord, transaction: TransactionView, legs: readonly Leg[]): void {
    insertTransaction(this.sql, transaction, account.userId);
    insertEntries(this.sql, transaction.id, legs, transaction.createdAt);
    this.outbox.enqueue(historyRecord(account, transaction, legs), Date.now());
  }

  /**
   * Starts the projection at once and arms the alarm that finishes it if this object is evicted first.
   * While D1 is failing, the alarm alone retries, on its backoff.
   */
  private afterCommit(): void {
    if (!this.fallbackArmed) {
      this.fallbackArmed = true;
      void this.ctx.storage.setAlarm(Date.now() + projection_fallback_ms);
    }
    if (this.outbox.backingOff(Date.now())) return;
    void this.outbox.drain().then(
      (outcome) => {
        if (outcome.failed) void this.ctx.storage.setAlarm(Date.now() + this.outbox.retryDelayMs());
      },
      (error: unknown) => log("error", { msg: "projection crashed", cause: error instanceof Error ? error.message : String(error) }),
    );
  }
}

function accountRow(record: AccountRecord): NonNullable<ProjectionRecord["accounts"]>[number] {
  return {
    id: record.id,
    partnerId: record.partnerId,
    userId: record.userId,
    name: record.name,
    reference: record.reference,
    type: record.type,
    number: record.number,
    baseCurrency: record.baseCurrency,
    fundingCurrencies: JSON.stringify(record.fundingCurrencies),
    status: record.status,
    createdAt: record.createdAt,
  };
}

function historyRecord(account: AccountRecord, transaction: TransactionView, legs: readonly Leg[]): ProjectionRecord {
  return {
    transactions: [
      {
        id: transaction.id,
        partnerId: account.partnerId,
        accountId: account.id,
        userId: account.userId,
        kind: transaction.kind,
        status: transaction.status,
        amountMinor: transaction.amountMinor,
        currency: transaction.currency,
        description: transaction.description,
        provider: transaction.provider,
        metadata: transaction.metadata,
        createdAt: transaction.createdAt,
      },
    ],
    entries: legs.map((entry, index) => ({
      transactionId: transaction.id,
      leg: index,
      partnerId: account.partnerId,
      accountId: account.id,
      ledgerAccount: entry.ledgerAccount,
      currency: entry.currency,
      direction: entry.direction,
      amountMinor: entry.amountMinor,
      createdAt: transaction.createdAt,
    })),
  };
}

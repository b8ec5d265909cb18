// One ledger account's single writer. Every command checks, moves balances, journals, records its
// idempotency key and queues its history in ONE synchronous transaction; D1 hears of it afterwards,
// through the account's projection hub.
import { DurableObject } from "cloudflare:workers";
import type { ProjectionRecord } from "../db/projection";
import { forgetExpiredOutcomes, priorOutcome, recordOutcome, releaseKey, reserveKey } from "../durable/idempotency";
import { IdPool } from "../durable/id-pool";
import type { DrainOutcome, Outbox } from "../durable/outbox";
import type { Projector } from "../durable/projector";
import { log } from "../http/log";
import { idAllocator } from "../ids/id-allocator";
import { isCurrency } from "../ledger/currencies";
import { creditSettledLegs } from "../ledger/journal";
import { refuse, type CommandResult, type Refusal } from "../ledger/refusals";
import type { Completion, DepositClaim } from "../reference/commands";
import { referenceObject } from "../reference/stub";
import { balancesOf, checkJournal, insertAccount, readAccount, type AccountRecord } from "./books";
import { insertOwnerStatus, keepNewerOwnerStatus, ownerRefusal, readOwnerStatus, type OwnerStatus, type VersionedStatus } from "./owner-status";
import { database } from "../db/client";
import { findOwnerStatus } from "../db/queries/users";
import { owner_confirm_retry_ms } from "../durable/limits";
import { projectorIntoHub } from "../projection/stub";
import { invariant } from "../ledger/journal";
import type {
  AccountView,
  AuditDigest,
  CancelDepositCommand,
  Caller,
  CreateDepositCommand,
  CreditCommand,
  DepositListQuery,
  DepositView,
  JournalCheck,
  OpenAccountCommand,
  TransactionView,
} from "./commands";
import { cancelDeposit, completeDeposit, openDeposit } from "./deposit-commands";
import { depositView, listDeposits, readDeposit, type StoredDeposit } from "./deposit-book";
import { journal, moveBalances, type LedgerWriter } from "./ledger-writer";
import { migrateAccountStorage } from "./storage-schema";
import { eventRow, type LedgerEvent } from "../events/ledger-event";
import { hasStorageSchema } from "../durable/migrate";

type Idempotent = { idempotency: CreditCommand["idempotency"] };

export class AccountObject extends DurableObject<Env> {
  /** The D1 the object reads its owner's status from. Fault-injection tests put a failing double here. */
  history: D1Database;
  private readonly ids: IdPool;
  private readonly outbox: Outbox;
  private readonly projector: Projector;
  /** The earliest time an opportunistic confirmation of the owner's status may ask D1 again. */
  private confirmNotBeforeMs = 0;
  /**
   * False until the account is opened. Requests naming an id nobody opened read nothing and write
   * nothing, so probing random ids leaves no storage behind.
   */
  private opened: boolean;
  /** The account as opened. Nothing changes it afterwards, so it is read from storage once per lifetime. */
  private accountRecord: AccountRecord | null = null;
  /** The owner's status copy (see owner-status.ts); null when no user owns the account. Reloaded after each write. */
  private ownerStatus: OwnerStatus | null = null;
  private delivering: Promise<void> | null = null;
  private deliverAgain = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.opened = hasStorageSchema(ctx.storage);
    if (this.opened) {
      migrateAccountStorage(ctx.storage);
      this.loadAccount();
    }
    this.history = env.DB;
    this.ids = new IdPool(ctx.storage.sql, (count) => idAllocator(env).reserve(count));
    this.projector = projectorIntoHub(ctx, env);
    this.outbox = this.projector.outbox;
  }

  /** Opens the account. Its registry row reaches D1 through the outbox like any other change. */
  async open(command: OpenAccountCommand): Promise<CommandResult<AccountView>> {
    if (!this.opened) {
      migrateAccountStorage(this.ctx.storage);
      this.opened = true;
    }
    const result = this.ctx.storage.transactionSync((): CommandResult<AccountView> => {
      if (readAccount(this.sql) !== null) return refuse({ kind: "account_exists" });
      const record = insertAccount(this.sql, command, new Date().toISOString());
      const created: LedgerEvent = { name: "account.created", resource: { ...record, balances: [] } };
      const registrySeq = this.outbox.enqueue({ accounts: [accountRow(record)], events: [eventRow(record.partnerId, created, record.createdAt)] }, Date.now());
      if (record.userId !== null) {
        invariant(command.ownerStatus !== null, "an account a user owns is opened with the user's status");
        insertOwnerStatus(this.sql, command.ownerStatus, registrySeq);
      }
      return { ok: true, value: { ...record, balances: [] }, replayed: false };
    });
    if (result.ok) {
      this.loadAccount();
      // Puts the registry row in D1 and, once it is there, confirms the owner's status copy.
      await this.projectNow();
    }
    return result;
  }

  /** Credits settled funds the partner already holds: the Qash deposit. */
  async credit(command: CreditCommand): Promise<CommandResult<TransactionView>> {
    return this.command(command, (account, nowMs): CommandResult<TransactionView> => {
      const currency = command.currency;
      if (!isCurrency(currency) || currency !== account.baseCurrency) {
        return refuse({ kind: "currency_not_supported", currency, accepted: [account.baseCurrency] });
      }
      const legs = creditSettledLegs({ accountId: account.id, partnerId: account.partnerId, currency, amountMinor: command.amountMinor });
      const refusal = moveBalances(this.writer, account, legs);
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
        depositId: null,
      };
      const completed = eventRow(account.partnerId, { name: "transaction.completed", resource: transaction }, transaction.createdAt);
      this.writer.enqueue({ ...journal(this.writer, account, transaction, legs), events: [completed] });
      return { ok: true, value: transaction, replayed: false };
    });
  }

  /** Opens a Sophic deposit and makes it matchable under its payment reference before answering. */
  async createDeposit(command: CreateDepositCommand): Promise<CommandResult<DepositView>> {
    const result = await this.command(command, (account, nowMs): CommandResult<DepositView> => {
      const outcome = openDeposit(this.writer, account, command, nowMs);
      return outcome.ok ? { ok: true, value: depositView(outcome.deposit), replayed: false } : refuse(outcome.refusal);
    });
    await this.deliverRegistrations();
    return result;
  }

  readDeposit(caller: Caller, depositId: number): DepositView | null {
    const account = this.ownedBy(caller);
    const deposit = account === null ? null : readDeposit(this.sql, account.id, depositId);
    return deposit === null ? null : depositView(deposit);
  }

  listDeposits(caller: Caller, query: DepositListQuery): DepositView[] | null {
    const account = this.ownedBy(caller);
    return account === null ? null : listDeposits(this.sql, account.id, query).map(depositView);
  }

  /**
   * Cancels an open deposit. The reference's object decides first, so a payment and a cancellation
   * can never both win; the status is checked again inside this object's transaction. Before asking,
   * the cancel reserves its Idempotency-Key and records its intent, so neither a concurrent request
   * taking the key nor an eviction between the decision and this write can strand the deposit.
   */
  async cancelDeposit(command: CancelDepositCommand): Promise<CommandResult<DepositView>> {
    const account = this.ownedBy(command.caller);
    if (account === null) return refuse({ kind: "deposit_not_found" });
    const early = this.ctx.storage.transactionSync((): CommandResult<DepositView> | StoredDeposit => {
      const nowMs = Date.now();
      const prior = priorOutcome<DepositView>(this.sql, command.idempotency, nowMs);
      if (prior.kind === "replay") return { ok: true, value: prior.value, replayed: true };
      if (prior.kind === "conflict") return refuse({ kind: "idempotency_key_conflict" });
      const deposit = readDeposit(this.sql, account.id, command.depositId);
      if (deposit === null) return refuse({ kind: "deposit_not_found" });
      if (deposit.status !== "open") return refuse({ kind: "deposit_not_open", status: deposit.status });
      reserveKey(this.sql, command.idempotency, nowMs);
      this.sql.exec(
        "INSERT INTO cancel_intents (deposit_id, idempotency_key, request_hash) VALUES (?, ?, ?) ON CONFLICT (deposit_id) DO NOTHING",
        deposit.id,
        command.idempotency?.key ?? null,
        command.idempotency?.requestHash ?? null,
      );
      return deposit;
    });
    if ("ok" in early) return early;
    // Should the reference be unreachable, or this object evicted before the answer is applied, the alarm finishes it.
    this.projector.armFallback();
    return this.finishCancel(account, early, command.idempotency);
  }

  /** Asks the reference's object, then applies its answer; the alarm calls this for intents left behind. */
  private async finishCancel(account: AccountRecord, deposit: StoredDeposit, idempotency: CancelDepositCommand["idempotency"]): Promise<CommandResult<DepositView>> {
    const decision = await referenceObject(this.env, account.partnerId, deposit.paymentReference).cancel(claimOf(account, deposit));
    if (decision.outcome === "matched") {
      this.ctx.storage.transactionSync(() => {
        this.sql.exec("DELETE FROM cancel_intents WHERE deposit_id = ?", deposit.id);
        releaseKey(this.sql, idempotency);
      });
      // A payment got there first: apply its completion now so this answer and the deposit agree.
      await this.completeDeposit({ depositId: deposit.id, paymentId: decision.paymentId, completedAt: decision.completedAt });
      return refuse({ kind: "deposit_not_open", status: "completed" });
    }
    return this.command({ caller: { partnerId: account.partnerId }, idempotency }, (owned, nowMs): CommandResult<DepositView> => {
      this.sql.exec("DELETE FROM cancel_intents WHERE deposit_id = ?", deposit.id);
      const outcome = cancelDeposit(this.writer, owned, deposit.id, nowMs);
      return outcome.ok ? { ok: true, value: depositView(outcome.deposit), replayed: false } : refuse(outcome.refusal);
    });
  }

  /** Finishes cancels whose object was evicted between the reference's decision and this account's write. */
  private async finishCancelIntents(): Promise<void> {
    const account = this.accountRecord;
    if (account === null) return;
    const intents = this.sql
      .exec<{ deposit_id: number; idempotency_key: string | null; request_hash: string | null }>("SELECT * FROM cancel_intents")
      .toArray();
    for (const intent of intents) {
      const deposit = readDeposit(this.sql, account.id, intent.deposit_id);
      if (deposit === null || deposit.status !== "open") {
        this.sql.exec("DELETE FROM cancel_intents WHERE deposit_id = ?", intent.deposit_id);
        continue;
      }
      const idempotency = intent.idempotency_key === null || intent.request_hash === null ? null : { key: intent.idempotency_key, requestHash: intent.request_hash };
      await this.finishCancel(account, deposit, idempotency);
    }
  }

  /** Applies a completion a payment reference decided (idempotent; called by the reference's object). */
  async completeDeposit(completion: Completion): Promise<DepositView> {
    if (!this.opened) throw new Error(`completion for deposit ${completion.depositId} reached an account that was never opened`);
    await this.ids.ensure(1);
    const deposit = this.ctx.storage.transactionSync(() => {
      const account = this.accountRecord;
      if (account === null) throw new Error(`completion for deposit ${completion.depositId} reached an account that does not exist`);
      return completeDeposit(this.writer, account, completion, Date.now());
    });
    this.projector.afterCommit();
    return depositView(deposit);
  }

  /** The account and its exact balances, when the caller may see it. */
  view(caller: Caller): AccountView | null {
    const account = this.ownedBy(caller);
    return account === null ? null : { ...account, balances: balancesOf(this.sql) };
  }

  /**
   * A change of the owner's status, pushed by the request that made it in D1 (see owner-status.ts). The
   * registry named this account as the user's, so anything else here is a broken invariant, not a refusal.
   */
  applyOwnerStatus(userId: string, offered: VersionedStatus): void {
    const account = this.opened ? this.accountRecord : null;
    invariant(account !== null && account.userId === userId, "a status change reached an account its user does not own");
    this.ctx.storage.transactionSync(() => keepNewerOwnerStatus(this.sql, offered, false));
    this.ownerStatus = readOwnerStatus(this.sql);
  }

  /** Recomputes the balances from the journal (the audit's and the tests' check). */
  checkJournal(): JournalCheck {
    if (!this.opened) return { accountId: null, entries: 0, mismatches: [] };
    return checkJournal(this.sql, this.accountRecord?.id ?? null);
  }

  /** The object's books for the operator audit, after trying to bring D1 up to date. */
  async auditDigest(): Promise<AuditDigest> {
    if (!this.opened) return { journal: this.checkJournal(), balances: [], transactions: [], backlog: 0 };
    const projected = await this.projectNow();
    const transactions = this.sql
      .exec<{ kind: string; count: number; sum_minor: number }>("SELECT kind, COUNT(*) AS count, SUM(amount_minor) AS sum_minor FROM transactions GROUP BY kind ORDER BY kind")
      .toArray()
      .map((row) => ({ kind: row.kind, count: row.count, sumMinor: row.sum_minor }));
    return { journal: this.checkJournal(), balances: balancesOf(this.sql), transactions, backlog: projected.backlog };
  }

  /** Outbox rows not yet taken by the projection hub. */
  projectionBacklog(): number {
    return this.opened ? this.outbox.backlog() : 0;
  }

  /**
   * Drains the outbox into the hub and the hub into D1, now, and says what is left of both (tests, operators
   * and the alarm; commits drain by themselves). Then confirms the owner's status copy if it is not yet.
   */
  async projectNow(): Promise<DrainOutcome> {
    const outcome = await this.projector.projectNow();
    if (!outcome.failed) await this.confirmOwnerStatus();
    return outcome;
  }

  /** The fallback and retry path of the projection and of registrations, and the clean-up of old keys. */
  override async alarm(): Promise<void> {
    if (!this.opened) return;
    await this.deliverRegistrations();
    await this.finishCancelIntents();
    await this.projector.onAlarm();
    await this.confirmOwnerStatus();
    forgetExpiredOutcomes(this.sql, Date.now());
  }

  private loadAccount(): void {
    this.accountRecord = readAccount(this.sql);
    this.ownerStatus = readOwnerStatus(this.sql);
  }

  /**
   * Confirms the owner's status copy by reading, in one D1 query, the account's registry row joined to its
   * user's status (see owner-status.ts): no row means the registry row has not reached D1 yet, and nothing is
   * confirmed. Tried when the object projects now (opening, the alarm) and, at most once a second, when a
   * deposit finds the copy unconfirmed; a failed read waits for the next try.
   */
  private async confirmOwnerStatus(): Promise<void> {
    const owner = this.ownerStatus;
    const account = this.accountRecord;
    if (owner === null || owner.confirmed || account === null || account.userId === null) return;
    if (this.outbox.holdsUpTo(owner.registryOutboxSeq)) return;
    let current: VersionedStatus | undefined;
    try {
      current = await findOwnerStatus(database({ DB: this.history }), account.partnerId, account.id);
    } catch {
      return; // runQuery logged it; the next try asks again.
    }
    if (current === undefined) return;
    const confirmed = current;
    this.ctx.storage.transactionSync(() => keepNewerOwnerStatus(this.sql, confirmed, true));
    this.ownerStatus = readOwnerStatus(this.sql);
  }

  /** A deposit found the copy unconfirmed: try to confirm it in the background, at most once a second. */
  private confirmSoon(): void {
    const nowMs = Date.now();
    if (nowMs < this.confirmNotBeforeMs) return;
    this.confirmNotBeforeMs = nowMs + owner_confirm_retry_ms;
    this.ctx.waitUntil(this.confirmOwnerStatus());
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private get writer(): LedgerWriter {
    return { sql: this.sql, takeId: () => this.ids.take(), enqueue: (record: ProjectionRecord) => this.outbox.enqueue(record, Date.now()) };
  }

  private ownedBy(caller: Caller): AccountRecord | null {
    if (!this.opened) return null;
    const account = this.accountRecord;
    if (account === null || account.partnerId !== caller.partnerId) return null;
    if (caller.userId !== undefined && account.userId !== caller.userId) return null;
    return account;
  }

  /**
   * The frame of every money-moving command: ids on hand first, then one transaction that replays or
   * refuses a reused key, checks the caller owns an active account, runs the body and keeps its answer.
   */
  private async command<T>(
    command: Idempotent & { caller: Caller },
    body: (account: AccountRecord, nowMs: number) => CommandResult<T>,
  ): Promise<CommandResult<T>> {
    // A caller who cannot see the account reserves no ids and writes nothing; the check is repeated below.
    if (this.ownedBy(command.caller) === null) return refuse({ kind: "account_not_found" });
    await this.ids.ensure(1);
    // No await from here to the end of the transaction: the checks and the writes are one step.
    const result = this.ctx.storage.transactionSync((): CommandResult<T> => {
      const nowMs = Date.now();
      const account = this.ownedBy(command.caller);
      if (account === null) return refuse({ kind: "account_not_found" } satisfies Refusal);
      // The owner's status is checked before a replay too: a suspended user hears 403, as from the route's check.
      const userRefusal = ownerRefusal(this.ownerStatus, command.caller);
      if (userRefusal !== null) return refuse(userRefusal);
      const prior = priorOutcome<T>(this.sql, command.idempotency, nowMs);
      if (prior.kind === "replay") return { ok: true, value: prior.value, replayed: true };
      if (prior.kind === "conflict") return refuse({ kind: "idempotency_key_conflict" });
      if (account.status !== "active") return refuse({ kind: "account_inactive" });
      const outcome = body(account, nowMs);
      if (outcome.ok) recordOutcome(this.sql, command.idempotency, outcome.value, nowMs);
      else releaseKey(this.sql, command.idempotency);
      return outcome;
    });
    if (result.ok && !result.replayed) this.projector.afterCommit();
    if (!result.ok && result.refusal.kind === "user_status_unconfirmed") this.confirmSoon();
    return result;
  }

  /**
   * Tells each new deposit's payment reference about it; what fails is retried by the alarm. One
   * delivery runs at a time: a call during it is served by another pass, and resolves after that pass.
   */
  private deliverRegistrations(): Promise<void> {
    if (this.delivering !== null) {
      this.deliverAgain = true;
      return this.delivering;
    }
    this.delivering = (async () => {
      do {
        this.deliverAgain = false;
        await this.deliverPendingRegistrations();
      } while (this.deliverAgain);
    })().finally(() => {
      this.delivering = null;
    });
    return this.delivering;
  }

  private async deliverPendingRegistrations(): Promise<void> {
    const account = this.opened ? this.accountRecord : null;
    if (account === null) return;
    const pending = this.sql.exec<{ deposit_id: number }>("SELECT deposit_id FROM reference_registrations").toArray();
    if (pending.length === 0) return;
    const outcomes = await Promise.allSettled(
      pending.map(async ({ deposit_id: depositId }) => {
        const deposit = readDeposit(this.sql, account.id, depositId);
        if (deposit !== null) await referenceObject(this.env, account.partnerId, deposit.paymentReference).register(claimOf(account, deposit));
        this.sql.exec("DELETE FROM reference_registrations WHERE deposit_id = ?", depositId);
      }),
    );
    if (outcomes.some((outcome) => outcome.status === "rejected")) {
      log("warn", { msg: "deposit registration failed; retrying by alarm", accountId: account.id });
      this.projector.retryLater();
    }
  }
}

function claimOf(account: AccountRecord, deposit: StoredDeposit): DepositClaim {
  return {
    partnerId: account.partnerId,
    paymentReference: deposit.paymentReference,
    depositId: deposit.id,
    accountId: account.id,
    currency: deposit.currency,
    amountMinor: deposit.amountMinor,
  };
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

// One ledger account's single writer. Every command checks, moves balances, journals, records its
// idempotency key and queues its history in ONE synchronous transaction; D1 hears of it afterwards,
// through the account's projection hub.
import { DurableObject } from "cloudflare:workers";
import { database } from "../db/client";
import type { ProjectionRecord } from "../db/projection";
import { findOwnerStatus } from "../db/queries/users";
import { Backoff } from "../durable/backoff";
import { forgetExpiredOutcomes, priorOutcome, recordOutcome, releaseKey, reserveKey } from "../durable/idempotency";
import { IdPool } from "../durable/id-pool";
import { owner_confirm_retry_ms, reservation_commit_window_ms } from "../durable/limits";
import type { DrainOutcome, Outbox } from "../durable/outbox";
import type { Projector } from "../durable/projector";
import { eventRow, type LedgerEvent } from "../events/ledger-event";
import { hasStorageSchema } from "../durable/migrate";
import { log } from "../http/log";
import { idAllocator } from "../ids/id-allocator";
import { payment_amount_minor_max } from "../config/limits";
import { invariant } from "../ledger/journal";
import { refuse, type CommandResult, type Refusal } from "../ledger/refusals";
import { projectorIntoHub } from "../projection/stub";
import type { Completion } from "../reference/commands";
import { referenceObject } from "../reference/stub";
import { balancesOf, checkJournal, insertAccount, readAccount, registryRow, type AccountRecord } from "./books";
import { cancelIntents, forgetCancelIntent, recordCancelIntent } from "./cancel-intents";
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
import { depositDigests, depositView, listDeposits, openDepositReferences, readDeposit, type StoredDeposit } from "./deposit-book";
import type { LedgerWriter } from "./ledger-writer";
import { insertOwnerStatus, keepNewerOwnerStatus, ownerRefusal, readOwnerStatus, standingOf, type OwnerStatus, type VersionedStatus } from "./owner-status";
import { creditSettled } from "./qash-credit";
import { claimOf, ReferenceLink } from "./reference-link";
import { migrateAccountStorage } from "./storage-schema";

type Keyed = { caller: Caller; idempotency: CreditCommand["idempotency"] };
type Body<T> = (account: AccountRecord, nowMs: number) => CommandResult<T>;
/** Whether the command brings money into the account: a user who is not active may not, in either dialect. */
type Gate = { moneyIn: boolean };

/** Thrown to roll a trial run of a command back, carrying what the command would have answered. */
class TrialOutcome<T> {
  constructor(readonly result: CommandResult<T>) {}
}

export class AccountObject extends DurableObject<Env> {
  /** The D1 the object reads its owner's status from. Fault-injection tests put a failing double here. */
  history: D1Database;
  private readonly ids: IdPool;
  private readonly outbox: Outbox;
  private readonly projector: Projector;
  private readonly references: ReferenceLink;
  private readonly cancelRetry = new Backoff();
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
    this.references = new ReferenceLink(env, ctx.storage.sql, this.projector, () => {
      const account = this.opened ? this.accountRecord : null;
      return account === null ? null : { account, standing: standingOf(this.ownerStatus) };
    });
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
      const view: AccountView = { ...record, balances: [], ownerStatus: command.ownerStatus?.status ?? null };
      const created: LedgerEvent = { name: "account.created", resource: view };
      const registrySeq = this.outbox.enqueue({ accounts: [registryRow(record)], events: [eventRow(record.partnerId, created, record.createdAt)] }, Date.now());
      if (record.userId !== null) {
        invariant(command.ownerStatus !== null, "an account a user owns is opened with the user's status");
        insertOwnerStatus(this.sql, command.ownerStatus, registrySeq);
      }
      return { ok: true, value: view, replayed: false };
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
    return this.command(command, (account, nowMs) => creditSettled(this.writer, account, command, nowMs), { moneyIn: true });
  }

  /**
   * Opens a Sophic deposit and makes it matchable under its payment reference before answering. A generated
   * reference belongs to this deposit alone; a chosen one may be shared by many deposits in any accounts, so
   * its object must agree first that one payment could still fund them all (src/reference/commands.ts).
   */
  async createDeposit(command: CreateDepositCommand): Promise<CommandResult<DepositView>> {
    const result =
      command.paymentReference === null
        ? await this.command(command, this.depositBody(command, null, null), { moneyIn: true })
        : await this.createDepositOnChosenReference(command, command.paymentReference);
    await this.references.deliverRegistrations();
    return result;
  }

  /** Whether the account committed this deposit (asked by a reference about a reservation it holds). */
  holdsDeposit(depositId: number): boolean {
    const account = this.opened ? this.accountRecord : null;
    return account !== null && readDeposit(this.sql, account.id, depositId) !== null;
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
      recordCancelIntent(this.sql, deposit.id, command.idempotency);
      return deposit;
    });
    if ("ok" in early) return early;
    // Should the reference be unreachable, or this object evicted before the answer is applied, the alarm finishes it.
    this.projector.armFallback();
    return this.finishCancel(account, early, command.idempotency);
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
    return account === null ? null : { ...account, balances: balancesOf(this.sql), ownerStatus: this.ownerStatus?.status ?? null };
  }

  /**
   * A change of the owner's status, pushed by the request that made it in D1 (see owner-status.ts). It is in
   * force here at once, and at the payment references of the account's open deposits once this resolves. The
   * registry named this account as the user's, so anything else here is a broken invariant, not a refusal.
   */
  applyOwnerStatus(userId: string, offered: VersionedStatus): Promise<void> {
    const account = this.opened ? this.accountRecord : null;
    invariant(account !== null && account.userId === userId, "a status change reached an account its user does not own");
    this.ctx.storage.transactionSync(() => keepNewerOwnerStatus(this.sql, offered, false));
    this.ownerStatus = readOwnerStatus(this.sql);
    return this.references.pushStanding(openDepositReferences(this.sql));
  }

  /** Recomputes the balances from the journal (the audit's and the tests' check). */
  checkJournal(): JournalCheck {
    if (!this.opened) return { accountId: null, entries: 0, mismatches: [] };
    return checkJournal(this.sql, this.accountRecord?.id ?? null);
  }

  /** The object's books for the operator audit, after trying to bring D1 up to date. */
  async auditDigest(): Promise<AuditDigest> {
    if (!this.opened) return { journal: this.checkJournal(), balances: [], transactions: [], deposits: [], backlog: 0 };
    const projected = await this.projectNow();
    const transactions = this.sql
      .exec<{ kind: string; count: number; sum_minor: number }>("SELECT kind, COUNT(*) AS count, SUM(amount_minor) AS sum_minor FROM transactions GROUP BY kind ORDER BY kind")
      .toArray()
      .map((row) => ({ kind: row.kind, count: row.count, sumMinor: row.sum_minor }));
    return { journal: this.checkJournal(), balances: balancesOf(this.sql), transactions, deposits: depositDigests(this.sql), backlog: projected.backlog };
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

  /** The fallback and retry path of the projection, of registrations and of cancels, and the clean-up of old keys. */
  override async alarm(): Promise<void> {
    if (!this.opened) return;
    this.projector.alarmFired();
    await this.references.deliverRegistrations();
    await this.finishCancelIntents();
    await this.projector.onAlarm();
    await this.confirmOwnerStatus();
    forgetExpiredOutcomes(this.sql, Date.now());
  }

  /**
   * A deposit on a chosen reference: its id is taken first, the command is tried and rolled back (so every
   * refusal, a replay included, is answered without asking the reference), then the reference reserves it,
   * and the command commits within reservation_commit_window_ms of asking, or gives the reservation back.
   */
  private async createDepositOnChosenReference(command: CreateDepositCommand, paymentReference: string): Promise<CommandResult<DepositView>> {
    const account = this.ownedBy(command.caller);
    if (account === null) return refuse({ kind: "account_not_found" });
    await this.ids.ensure(1);
    await this.confirmBeforeMoneyIn(command.caller);
    const depositId = this.ctx.storage.transactionSync(() => this.ids.take());
    const trial = this.trial(command, this.depositBody(command, depositId, null), { moneyIn: true });
    if (!trial.ok || trial.replayed) return trial;
    const reference = referenceObject(this.env, account.partnerId, paymentReference);
    const askedAtMs = Date.now();
    const reservation = await reference.reserve(claimOf(account, { ...trial.value, id: depositId }, standingOf(this.ownerStatus)));
    if (reservation === "over_limit") {
      return refuse({ kind: "reference_total_exceeded", paymentReference, maximumMinor: payment_amount_minor_max, currency: trial.value.currency });
    }
    const result = await this.command(command, this.depositBody(command, depositId, askedAtMs), { moneyIn: true });
    if (!result.ok || result.replayed) {
      // Not committed here: the reservation goes. If this call fails, the reference forgets it once it is stale.
      await Promise.resolve(reference.release(depositId)).catch((error: unknown) => log("warn", { msg: "reservation not released", depositId, cause: String(error) }));
    }
    return result;
  }

  /** The body of a deposit's opening, under a given id or a fresh one, within the commit window of a reservation. */
  private depositBody(command: CreateDepositCommand, depositId: number | null, reservedAtMs: number | null): Body<DepositView> {
    return (account, nowMs) => {
      if (reservedAtMs !== null && nowMs - reservedAtMs > reservation_commit_window_ms) return refuse({ kind: "reference_unavailable" });
      const outcome = openDeposit(this.writer, account, command, nowMs, depositId ?? this.ids.take());
      return outcome.ok ? { ok: true, value: depositView(outcome.deposit), replayed: false } : refuse(outcome.refusal);
    };
  }

  /** Asks the reference's object, then applies its answer; the alarm calls this for intents left behind. */
  private async finishCancel(account: AccountRecord, deposit: StoredDeposit, idempotency: CancelDepositCommand["idempotency"]): Promise<CommandResult<DepositView>> {
    const decision = await referenceObject(this.env, account.partnerId, deposit.paymentReference).cancel(claimOf(account, deposit, standingOf(this.ownerStatus)));
    if (decision.outcome === "matched") {
      this.ctx.storage.transactionSync(() => {
        forgetCancelIntent(this.sql, deposit.id);
        releaseKey(this.sql, idempotency);
      });
      // A payment got there first: apply its completion now so this answer and the deposit agree.
      await this.completeDeposit({ depositId: deposit.id, paymentId: decision.paymentId, completedAt: decision.completedAt });
      return refuse({ kind: "deposit_not_open", status: "completed" });
    }
    return this.command({ caller: { partnerId: account.partnerId }, idempotency }, (owned, nowMs): CommandResult<DepositView> => {
      forgetCancelIntent(this.sql, deposit.id);
      const outcome = cancelDeposit(this.writer, owned, deposit.id, nowMs);
      return outcome.ok ? { ok: true, value: depositView(outcome.deposit), replayed: false } : refuse(outcome.refusal);
    }, { moneyIn: false });
  }

  /** Finishes cancels whose object was evicted between the reference's decision and this account's write. */
  private async finishCancelIntents(): Promise<void> {
    const account = this.accountRecord;
    if (account === null) return;
    let failed = 0;
    for (const intent of cancelIntents(this.sql)) {
      const deposit = readDeposit(this.sql, account.id, intent.depositId);
      if (deposit === null || deposit.status !== "open") {
        forgetCancelIntent(this.sql, intent.depositId);
        continue;
      }
      try {
        await this.finishCancel(account, deposit, intent.idempotency);
      } catch (error) {
        failed += 1;
        log("warn", { msg: "cancel not finished; retrying by alarm", accountId: account.id, depositId: deposit.id, cause: error instanceof Error ? error.message : String(error) });
      }
    }
    if (failed === 0) this.cancelRetry.succeeded();
    else this.projector.retryAt(this.cancelRetry.failed(Date.now()));
  }

  private loadAccount(): void {
    this.accountRecord = readAccount(this.sql);
    this.ownerStatus = readOwnerStatus(this.sql);
  }

  /**
   * Confirms the owner's status copy by reading, in one D1 query, the account's registry row joined to its
   * user's status (see owner-status.ts): no row means the registry row has not reached D1 yet, and nothing is
   * confirmed. Tried when the object projects now (opening, the alarm), before the partner brings money in,
   * and, at most once a second, when a deposit finds the copy unconfirmed; a failed read waits for the next try.
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

  /** The partner is about to bring money into a user's account whose copy is unconfirmed: confirm it first. */
  private async confirmBeforeMoneyIn(caller: Caller): Promise<void> {
    if (caller.userId === undefined && this.ownerStatus !== null && !this.ownerStatus.confirmed) {
      if (this.outbox.holdsUpTo(this.ownerStatus.registryOutboxSeq)) await this.projector.projectNow();
      await this.confirmOwnerStatus();
    }
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
   * refuses a reused key, checks the caller owns an account that may take the command, runs the body and
   * keeps its answer.
   */
  private async command<T>(command: Keyed, body: Body<T>, gate: Gate): Promise<CommandResult<T>> {
    // A caller who cannot see the account reserves no ids and writes nothing; the check is repeated below.
    if (this.ownedBy(command.caller) === null) return refuse({ kind: "account_not_found" });
    await this.ids.ensure(1);
    if (gate.moneyIn) await this.confirmBeforeMoneyIn(command.caller);
    // No await from here to the end of the transaction: the checks and the writes are one step.
    const result = this.ctx.storage.transactionSync(() => this.frame(command, body, gate));
    if (result.ok && !result.replayed) this.projector.afterCommit();
    if (!result.ok && result.refusal.kind === "user_status_unconfirmed") this.confirmSoon();
    return result;
  }

  /** The command as it would answer now, with everything it wrote rolled back. */
  private trial<T>(command: Keyed, body: Body<T>, gate: Gate): CommandResult<T> {
    try {
      this.ctx.storage.transactionSync(() => {
        throw new TrialOutcome(this.frame(command, body, gate));
      });
    } catch (thrown) {
      if (thrown instanceof TrialOutcome) return thrown.result as CommandResult<T>;
      throw thrown;
    }
    throw new Error("a trial run returned instead of rolling back");
  }

  /** The checks and the body of a command; only inside a transaction. */
  private frame<T>(command: Keyed, body: Body<T>, gate: Gate): CommandResult<T> {
    const nowMs = Date.now();
    const account = this.ownedBy(command.caller);
    if (account === null) return refuse({ kind: "account_not_found" } satisfies Refusal);
    // The owner's status is checked before a replay too: a suspended user hears 403, as from the route's check.
    const ownerRefused = ownerRefusal(this.ownerStatus, command.caller, gate.moneyIn);
    if (ownerRefused !== null) return refuse(ownerRefused);
    const prior = priorOutcome<T>(this.sql, command.idempotency, nowMs);
    if (prior.kind === "replay") return { ok: true, value: prior.value, replayed: true };
    if (prior.kind === "conflict") return refuse({ kind: "idempotency_key_conflict" });
    if (account.status !== "active") return refuse({ kind: "account_inactive" });
    const outcome = body(account, nowMs);
    if (outcome.ok) recordOutcome(this.sql, command.idempotency, outcome.value, nowMs);
    else releaseKey(this.sql, command.idempotency);
    return outcome;
  }
}

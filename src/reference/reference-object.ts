// One payment reference of one partner: the arbiter of its deposits. A deposit leaves `open` only here,
// matched by a payment or canceled, in one synchronous transaction, so no payment completes a deposit
// twice and no deposit is both canceled and completed. Account objects then apply what was decided.
import { DurableObject } from "cloudflare:workers";
import { accountObject } from "../account/stub";
import { payment_amount_minor_max } from "../config/limits";
import { reservation_stale_ms } from "../durable/limits";
import type { InboundPaymentView, ReportPaymentCommand } from "../account/commands";
import type { InboundPaymentRow } from "../db/projection";
import { forgetExpiredOutcomes, priorOutcome, recordOutcome } from "../durable/idempotency";
import { Backoff } from "../durable/backoff";
import { IdPool } from "../durable/id-pool";
import type { DrainOutcome, Outbox } from "../durable/outbox";
import type { Projector } from "../durable/projector";
import { projectorIntoHub } from "../projection/stub";
import { eventRow } from "../events/ledger-event";
import { log } from "../http/log";
import { idAllocator } from "../ids/id-allocator";
import { invariant } from "../ledger/journal";
import { refuse, type CommandResult } from "../ledger/refusals";
import { claimOf, referenceDigest, dropReservation, insertReservation, keepNewerStanding, openDeposits, outstandingMinor, registerOpen, staleReservations, type ClaimRow } from "./claims-book";
import type { AccountStanding, CancelDecision, Completion, DepositClaim, ReferenceDigest, RegistrationOutcome, ReservationOutcome } from "./commands";
import { migrateReferenceStorage } from "./storage-schema";

type CompletionRow = { deposit_id: number; account_id: number; payment_id: number; completed_at: string };

export class ReferenceObject extends DurableObject<Env> {
  /** How a decided completion reaches its account. Fault-injection tests wrap it to make accounts unreachable. */
  deliverCompletion: (accountId: number, completion: Completion) => Promise<unknown>;
  private readonly ids: IdPool;
  private readonly projector: Projector;
  /** The retries of completions an account has not confirmed. */
  private readonly completionRetry = new Backoff();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateReferenceStorage(ctx.storage);
    this.deliverCompletion = (accountId, completion) => accountObject(env, accountId).completeDeposit(completion);
    this.ids = new IdPool(ctx.storage.sql, (count) => idAllocator(env).reserve(count));
    this.projector = projectorIntoHub(ctx, env);
  }

  /**
   * Agrees to a deposit its account is about to commit, unless the reference's deposits still to be funded
   * would then sum to more than one payment can carry. Idempotent. A reservation is not matchable until the
   * account registers the committed deposit; one whose account died before committing is forgotten once the
   * account says it never held it (see reservation_commit_window_ms).
   */
  async reserve(claim: DepositClaim): Promise<ReservationOutcome> {
    if (this.claimOf(claim.depositId) === undefined && !this.fits(claim)) await this.forgetAbandonedReservations(claim);
    return this.ctx.storage.transactionSync((): ReservationOutcome => {
      if (this.claimOf(claim.depositId) !== undefined) return "reserved";
      if (!this.fits(claim)) return "over_limit";
      insertReservation(this.sql, claim, Date.now());
      keepNewerStanding(this.sql, claim.accountId, claim.standing);
      return "reserved";
    });
  }

  /** The account did not commit a deposit it reserved (refused, or a concurrent copy won): forget it. */
  release(depositId: number): void {
    dropReservation(this.sql, depositId);
  }

  /** Makes a committed deposit matchable. Idempotent: a repeated registration answers the deposit's state. */
  register(claim: DepositClaim): RegistrationOutcome {
    return this.ctx.storage.transactionSync(() => {
      registerOpen(this.sql, claim);
      keepNewerStanding(this.sql, claim.accountId, claim.standing);
      return this.claimOf(claim.depositId)?.state as RegistrationOutcome;
    });
  }

  /** Whether an account's deposits may be matched now: pushed by the account when its owner's status changes. */
  setAccountStanding(accountId: number, standing: AccountStanding): void {
    keepNewerStanding(this.sql, accountId, standing);
  }

  /**
   * Decides a cancellation. An open (or not yet registered) deposit is canceled for good; one a payment
   * already matched is not, and the answer carries the completion its account must apply.
   */
  cancel(claim: DepositClaim): CancelDecision {
    return this.ctx.storage.transactionSync((): CancelDecision => {
      const row = this.claimOf(claim.depositId);
      if (row?.state === "matched") {
        invariant(row.payment_id !== null && row.completed_at !== null, "a matched deposit records its payment");
        return { outcome: "matched", paymentId: row.payment_id, completedAt: row.completed_at };
      }
      // A tombstone for a deposit whose registration is still on its way: it will never match.
      this.sql.exec(
        "INSERT INTO deposits (deposit_id, account_id, currency, amount_minor, state, canceled_at_ms) VALUES (?, ?, ?, ?, 'canceled', ?) " +
          "ON CONFLICT (deposit_id) DO UPDATE SET state = 'canceled', canceled_at_ms = COALESCE(canceled_at_ms, excluded.canceled_at_ms)",
        claim.depositId,
        claim.accountId,
        claim.currency,
        claim.amountMinor,
        Date.now(),
      );
      return { outcome: "canceled" };
    });
  }

  /**
   * A payment arrived with this reference. When the open deposits in its currency sum to exactly its
   * amount, all of them are matched at once; otherwise nothing is, and the payment is kept as unmatched.
   */
  async report(command: ReportPaymentCommand): Promise<CommandResult<InboundPaymentView>> {
    await this.ids.ensure(1);
    const result = this.ctx.storage.transactionSync((): CommandResult<InboundPaymentView> => {
      const nowMs = Date.now();
      const prior = priorOutcome<InboundPaymentView>(this.sql, command.idempotency, nowMs);
      if (prior.kind === "replay") return { ok: true, value: prior.value, replayed: true };
      if (prior.kind === "conflict") return refuse({ kind: "idempotency_key_conflict" });

      const open = openDeposits(this.sql, command.currency);
      const total = open.reduce((sum, row) => sum + row.amount_minor, 0);
      // All of them or none: a deposit whose account may not take money in now (its owner is suspended) holds
      // the whole reference back, and the payment is kept for review.
      const matched = open.length > 0 && total === command.amountMinor && open.every((row) => row.account_active === 1);
      const payment: InboundPaymentView = {
        id: this.ids.take(),
        paymentReference: command.paymentReference,
        amountMinor: command.amountMinor,
        currency: command.currency,
        status: matched ? "matched" : "unmatched",
        depositIds: matched ? open.map((row) => row.deposit_id) : [],
        createdAt: new Date(nowMs).toISOString(),
      };
      if (matched) this.match(open, payment);
      this.sql.exec(
        "INSERT INTO payments (id, payment_reference, amount_minor, currency, status, deposit_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        payment.id,
        payment.paymentReference,
        payment.amountMinor,
        payment.currency,
        payment.status,
        JSON.stringify(payment.depositIds),
        payment.createdAt,
      );
      const reported = eventRow(command.partnerId, { name: `inbound_payment.${payment.status}`, resource: payment }, payment.createdAt);
      this.projector.outbox.enqueue({ inboundPayments: [paymentRow(payment, command.partnerId)], events: [reported] }, nowMs);
      recordOutcome(this.sql, command.idempotency, payment, nowMs);
      return { ok: true, value: payment, replayed: false };
    });
    if (result.ok && !result.replayed) this.projector.afterCommit();
    // The decision is durable; applying it to the accounts is retried until every one has it.
    await this.pushCompletions();
    return result;
  }

  /** Its decisions, for the operator audit to hold against the accounts, after bringing D1 up to date. */
  async auditDigest(): Promise<ReferenceDigest> {
    const projected = await this.projectNow();
    return { ...referenceDigest(this.sql), backlog: projected.backlog };
  }

  /** Completions decided but not yet confirmed by their accounts (tests and the audit). */
  pendingCompletions(): number {
    return this.sql.exec<{ pending: number }>("SELECT COUNT(*) AS pending FROM completions").one().pending;
  }

  /** Outbox rows not yet taken by the projection hub. */
  projectionBacklog(): number {
    return this.projector.outbox.backlog();
  }

  /** Drains the outbox into the hub and the hub into D1, now, and says what is left of both. */
  async projectNow(): Promise<DrainOutcome> {
    return this.projector.projectNow();
  }

  override async alarm(): Promise<void> {
    this.projector.alarmFired();
    await this.pushCompletions();
    await this.projector.onAlarm();
    forgetExpiredOutcomes(this.sql, Date.now());
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private claimOf(depositId: number): ClaimRow | undefined {
    return claimOf(this.sql, depositId);
  }

  private fits(claim: DepositClaim): boolean {
    return outstandingMinor(this.sql, claim.currency) + claim.amountMinor <= payment_amount_minor_max;
  }

  /**
   * Asks the accounts of reservations older than reservation_stale_ms whether they hold the deposit. One that
   * does not never will (an account commits within reservation_commit_window_ms of reserving, or not at all),
   * so its reservation is forgotten; one that does is left for its registration, which is on its way.
   */
  private async forgetAbandonedReservations(claim: DepositClaim): Promise<void> {
    const stale = staleReservations(this.sql, claim.currency, Date.now() - reservation_stale_ms);
    await Promise.all(
      stale.map(async (row) => {
        const held = await accountObject(this.env, row.account_id).holdsDeposit(row.deposit_id);
        if (!held) dropReservation(this.sql, row.deposit_id);
      }),
    );
  }

  private match(open: readonly ClaimRow[], payment: InboundPaymentView): void {
    for (const row of open) {
      const changed = this.sql
        .exec("UPDATE deposits SET state = 'matched', payment_id = ?, completed_at = ? WHERE deposit_id = ? AND state = 'open' RETURNING deposit_id", payment.id, payment.createdAt, row.deposit_id)
        .toArray();
      invariant(changed.length === 1, `deposit ${row.deposit_id} was open a moment ago in this same transaction`);
      this.sql.exec(
        "INSERT INTO completions (deposit_id, account_id, payment_id, completed_at) VALUES (?, ?, ?, ?)",
        row.deposit_id,
        row.account_id,
        payment.id,
        payment.createdAt,
      );
    }
  }

  /** Sends each decided completion to its account; a confirmed one is forgotten, a failed one retried by alarm. */
  private async pushCompletions(): Promise<void> {
    const pending = this.sql.exec<CompletionRow>("SELECT * FROM completions ORDER BY deposit_id").toArray();
    if (pending.length === 0) return;
    const outcomes = await Promise.allSettled(
      pending.map(async (row) => {
        await this.deliverCompletion(row.account_id, { depositId: row.deposit_id, paymentId: row.payment_id, completedAt: row.completed_at });
        this.sql.exec("DELETE FROM completions WHERE deposit_id = ?", row.deposit_id);
      }),
    );
    const failures = outcomes.filter((outcome) => outcome.status === "rejected");
    if (failures.length === 0) {
      this.completionRetry.succeeded();
      return;
    }
    const nowMs = Date.now();
    const retryAtMs = this.completionRetry.failed(nowMs);
    const first = failures[0] as PromiseRejectedResult;
    log("warn", {
      msg: "completions not yet applied; retrying by alarm",
      failed: failures.length,
      of: pending.length,
      attempts: this.completionRetry.attempts,
      retryInMs: retryAtMs - nowMs,
      cause: first.reason instanceof Error ? first.reason.message : String(first.reason),
    });
    this.projector.retryAt(retryAtMs);
  }
}

function paymentRow(payment: InboundPaymentView, partnerId: string): InboundPaymentRow {
  return {
    id: payment.id,
    partnerId,
    paymentReference: payment.paymentReference,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    status: payment.status,
    depositIds: JSON.stringify(payment.depositIds),
    createdAt: payment.createdAt,
  };
}

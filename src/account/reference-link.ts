// The account's side of its protocol with the payment references of its deposits (the reference's side is
// src/reference/reference-object.ts; the two know each other's types, the one declared two-way link). The
// account tells each reference what it committed and whether it may take money in; the reference decides.
import { log } from "../http/log";
import { Backoff } from "../durable/backoff";
import type { Projector } from "../durable/projector";
import type { AccountStanding, DepositClaim } from "../reference/commands";
import { referenceObject } from "../reference/stub";
import type { AccountRecord } from "./books";
import { readDeposit, type StoredDeposit } from "./deposit-book";

export function claimOf(account: AccountRecord, deposit: Pick<StoredDeposit, "id" | "paymentReference" | "currency" | "amountMinor">, standing: AccountStanding): DepositClaim {
  return {
    partnerId: account.partnerId,
    paymentReference: deposit.paymentReference,
    depositId: deposit.id,
    accountId: account.id,
    currency: deposit.currency,
    amountMinor: deposit.amountMinor,
    standing,
  };
}

export class ReferenceLink {
  private delivering: Promise<void> | null = null;
  private deliverAgain = false;
  private readonly registrationRetry = new Backoff();

  constructor(
    private readonly env: Env,
    private readonly sql: SqlStorage,
    private readonly projector: Projector,
    /** The account as opened, and its standing now. */
    private readonly current: () => { account: AccountRecord; standing: AccountStanding } | null,
  ) {}

  /**
   * Tells each committed deposit's payment reference about it (a row of reference_registrations, written by
   * the commit). What fails is retried by the alarm, on its backoff. One delivery runs at a time: a call
   * during it is served by another pass, and resolves after that pass.
   */
  deliverRegistrations(): Promise<void> {
    if (this.delivering !== null) {
      this.deliverAgain = true;
      return this.delivering;
    }
    this.delivering = (async () => {
      do {
        this.deliverAgain = false;
        await this.deliverPending();
      } while (this.deliverAgain);
    })().finally(() => {
      this.delivering = null;
    });
    return this.delivering;
  }

  /** The deposit's reference has to hear of a change of the account's standing before it is in force. */
  async pushStanding(paymentReferences: readonly string[]): Promise<void> {
    const current = this.current();
    if (current === null) return;
    const { account, standing } = current;
    await Promise.all(paymentReferences.map((reference) => referenceObject(this.env, account.partnerId, reference).setAccountStanding(account.id, standing)));
  }

  private async deliverPending(): Promise<void> {
    const current = this.current();
    if (current === null) return;
    const { account, standing } = current;
    const pending = this.sql.exec<{ deposit_id: number }>("SELECT deposit_id FROM reference_registrations").toArray();
    if (pending.length === 0) return;
    const outcomes = await Promise.allSettled(
      pending.map(async ({ deposit_id: depositId }) => {
        const deposit = readDeposit(this.sql, account.id, depositId);
        if (deposit !== null) await referenceObject(this.env, account.partnerId, deposit.paymentReference).register(claimOf(account, deposit, standing));
        this.sql.exec("DELETE FROM reference_registrations WHERE deposit_id = ?", depositId);
      }),
    );
    const failed = outcomes.filter((outcome) => outcome.status === "rejected").length;
    if (failed === 0) {
      this.registrationRetry.succeeded();
      return;
    }
    const nowMs = Date.now();
    const retryAtMs = this.registrationRetry.failed(nowMs);
    log("warn", { msg: "deposit registration failed; retrying by alarm", accountId: account.id, failed, attempts: this.registrationRetry.attempts, retryInMs: retryAtMs - nowMs });
    this.projector.retryAt(retryAtMs);
  }
}

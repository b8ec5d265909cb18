// What account objects and routes send a payment reference's object, and what it answers.
import type { Currency } from "../ledger/currencies";

/**
 * Whether the account may take money in, as its object last knew it: false while the Qash user who owns it is
 * not active. The highest version wins, whatever order the news arrives in; an account no user owns is always
 * active, at version 0.
 */
export type AccountStanding = { active: boolean; version: number };

/** A deposit carrying the reference, as its account object reserves, registers (or cancels) it. */
export type DepositClaim = {
  partnerId: string;
  paymentReference: string;
  depositId: number;
  accountId: number;
  currency: Currency;
  amountMinor: number;
  standing: AccountStanding;
};

export type RegistrationOutcome = "open" | "matched" | "canceled";

/**
 * A chosen reference may carry many deposits, in any accounts, and one payment must be able to fund them all:
 * the reference agrees to a deposit before its account commits it, or refuses it when the reference's open
 * (and reserved) deposits would sum to more than one payment can carry.
 */
export type ReservationOutcome = "reserved" | "over_limit";

/** Whether the deposit may be canceled, or a payment already claimed it. */
export type CancelDecision = { outcome: "canceled" } | { outcome: "matched"; paymentId: number; completedAt: string };

/** The instruction a matched payment sends each of its deposits' accounts. */
export type Completion = { depositId: number; paymentId: number; completedAt: string };

/** A reference's decisions, as the operator audit holds them against the accounts' states. */
export type ReferenceDigest = {
  deposits: {
    depositId: number;
    accountId: number;
    amountMinor: number;
    state: "reserved" | "open" | "matched" | "canceled";
    paymentId: number | null;
    /** When it was matched, canceled or reserved, as the reference's clock says; null when unknown. */
    decidedAtMs: number | null;
  }[];
  payments: { id: number; status: string; amountMinor: number; depositIds: number[] }[];
  /** Completions decided and not yet confirmed by their accounts. */
  pendingCompletions: number;
  backlog: number;
};

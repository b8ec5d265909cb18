// What account objects and routes send a payment reference's object, and what it answers.
import type { Currency } from "../ledger/currencies";

/** An open deposit carrying the reference, as its account object registers (or cancels) it. */
export type DepositClaim = {
  partnerId: string;
  paymentReference: string;
  depositId: number;
  accountId: number;
  currency: Currency;
  amountMinor: number;
};

export type RegistrationOutcome = "open" | "matched" | "canceled";

/** Whether the deposit may be canceled, or a payment already claimed it. */
export type CancelDecision = { outcome: "canceled" } | { outcome: "matched"; paymentId: number; completedAt: string };

/** The instruction a matched payment sends each of its deposits' accounts. */
export type Completion = { depositId: number; paymentId: number; completedAt: string };

// What callers send an account object and what it answers: plain data, so it crosses RPC unchanged.
import type { IdempotencyClaim } from "../durable/idempotency";
import type { Bucket } from "../ledger/journal";
import type { Currency } from "../ledger/currencies";
import type { VersionedStatus } from "./owner-status";

/**
 * Who is asking: the partner always, and for the Qash dialect the user who must own the account. A money
 * command checks the user's status against the object's copy, unless `userStatusChecked` says the route
 * has just read it from D1 and found the user active (the way while the copy is unconfirmed).
 */
export type Caller = { partnerId: string; userId?: string; userStatusChecked?: boolean };

export type OpenAccountCommand = {
  accountId: number;
  partnerId: string;
  userId: string | null;
  name: string;
  reference: string | null;
  type: string;
  baseCurrency: Currency;
  fundingCurrencies: Currency[];
  /** The owner's status and its version, read from D1 by the route, for an account a user owns. */
  ownerStatus: VersionedStatus | null;
};

export type CreditCommand = {
  caller: Caller;
  idempotency: IdempotencyClaim | null;
  currency: string;
  amountMinor: number;
  description: string;
  provider: string | null;
  /** JSON text of the partner's metadata object, already bounded by the route. */
  metadata: string | null;
};

export type BucketBalance = { currency: Currency; bucket: Bucket; creditsMinor: number; debitsMinor: number };

export type AccountView = {
  id: number;
  partnerId: string;
  userId: string | null;
  name: string;
  reference: string | null;
  type: string;
  number: string;
  baseCurrency: Currency;
  fundingCurrencies: Currency[];
  status: string;
  createdAt: string;
  balances: BucketBalance[];
  /** The status of the Qash user who owns the account, as its object knows it; null when no user owns it. */
  ownerStatus: string | null;
};

export type TransactionView = {
  id: number;
  accountId: number;
  kind: string;
  status: string;
  amountMinor: number;
  currency: Currency;
  description: string;
  provider: string | null;
  metadata: string | null;
  createdAt: string;
  /** The Sophic deposit this transaction moves, if any. */
  depositId: number | null;
};

/** The object's own check of its books: each bucket against the sum of its journal entries. */
export type JournalCheck = {
  accountId: number | null;
  entries: number;
  mismatches: { currency: string; bucket: string; storedMinor: number; journalMinor: number }[];
};

export type DepositStatus = "open" | "completed" | "canceled";

/** A deposit as the operator audit compares it with its payment reference's decision. */
export type DepositDigest = { id: number; paymentReference: string; status: DepositStatus; modifiedAt: string };

/** A Sophic deposit as its account object holds it. */
export type DepositView = {
  id: number;
  accountId: number;
  amountMinor: number;
  currency: Currency;
  paymentReference: string;
  wasAdvanced: boolean;
  status: DepositStatus;
  createdAt: string;
  modifiedAt: string;
  advancedAt: string | null;
  completedAt: string | null;
  canceledAt: string | null;
};

export type CreateDepositCommand = {
  caller: Caller;
  idempotency: IdempotencyClaim | null;
  currency: string;
  amountMinor: number;
  /** The partner's reference for the batch; null asks the ledger to generate one. */
  paymentReference: string | null;
  requestAdvance: boolean;
};

export type CancelDepositCommand = { caller: Caller; idempotency: IdempotencyClaim | null; depositId: number };

export type DepositListQuery = { limit: number; startingAfter: number | null; status: DepositStatus | null };

/** A payment the partner reports, to be matched against the open deposits carrying its reference. */
export type ReportPaymentCommand = {
  partnerId: string;
  idempotency: IdempotencyClaim | null;
  paymentReference: string;
  amountMinor: number;
  currency: Currency;
};

export type InboundPaymentView = {
  id: number;
  paymentReference: string;
  amountMinor: number;
  currency: Currency;
  status: "matched" | "unmatched";
  depositIds: number[];
  createdAt: string;
};

/** What the operator audit compares against D1: the object's books and history, summarized. */
export type AuditDigest = {
  journal: JournalCheck;
  balances: BucketBalance[];
  /** Per transaction kind: how many, and the sum of their amounts. */
  transactions: { kind: string; count: number; sumMinor: number }[];
  /** The account's Sophic deposits. */
  deposits: DepositDigest[];
  backlog: number;
};

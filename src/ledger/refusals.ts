// Why the ledger declined a command. Each dialect turns a refusal into its own status, code and words.

export type Refusal =
  | { kind: "account_not_found" }
  | { kind: "account_exists" }
  | { kind: "account_inactive" }
  | { kind: "currency_not_supported"; currency: string; accepted: readonly string[] }
  | { kind: "balance_limit_exceeded" }
  | { kind: "insufficient_balance" }
  | { kind: "idempotency_key_conflict" }
  /** The account's owner is not active (Qash answers 403 naming the status). */
  | { kind: "user_not_active"; status: string }
  /** The object's copy of its owner's status is not confirmed yet: the route checks D1 and asks again. */
  | { kind: "user_status_unconfirmed" }
  | { kind: "deposit_not_found" }
  /** Only an open deposit can be canceled; `status` is what it is instead. */
  | { kind: "deposit_not_open"; status: string }
  /** The deposit's payment reference would hold more to be funded than one payment can carry. */
  | { kind: "reference_total_exceeded"; paymentReference: string; maximumMinor: number; currency: string }
  /** The deposit's payment reference did not answer in time to agree to it; nothing was committed. */
  | { kind: "reference_unavailable" }
  /** The account's owner's status could not be confirmed (D1 unreachable): no money goes in until it is. */
  | { kind: "owner_status_unavailable" };

export type CommandResult<T> = { ok: true; value: T; replayed: boolean } | { ok: false; refusal: Refusal };

export const refuse = (refusal: Refusal): { ok: false; refusal: Refusal } => ({ ok: false, refusal });

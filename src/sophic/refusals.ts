// The ledger's refusals in Sophic's words and codes.
import { ApiError } from "../errors/api-error";
import { isCurrency } from "../ledger/currencies";
import { formatMinor } from "../ledger/money";
import type { Refusal } from "../ledger/refusals";

export function sophicRefusal(refusal: Refusal): ApiError {
  switch (refusal.kind) {
    case "account_not_found":
      return new ApiError(404, "not_found", "Account not found");
    case "deposit_not_found":
      return new ApiError(404, "not_found", "Deposit not found");
    case "account_exists":
      return new ApiError(409, "conflict", "Account already exists");
    case "account_inactive":
      return new ApiError(403, "deposit_forbidden", "Deposits are not allowed on this account: it is not active");
    case "currency_not_supported": {
      const detail = `${refusal.currency} is not a funding currency of this account (${refusal.accepted.join(", ")})`;
      return new ApiError(400, "currency_not_supported", `Currency ${detail}`, [{ path: ["currency"], detail, code: "currency_not_supported" }]);
    }
    case "balance_limit_exceeded":
      return new ApiError(422, "balance_limit_exceeded", "The deposit would take the account past the ledger's maximum balance");
    case "insufficient_balance":
      return new ApiError(409, "insufficient_funds", "The account's balance is too low for this change");
    case "idempotency_key_conflict":
      return new ApiError(409, "idempotency_key_conflict", "Idempotency-Key was already used with a different request");
    case "deposit_not_open":
      return new ApiError(409, "conflict", `Deposit is ${refusal.status}; only an open deposit can be canceled`);
    case "reference_total_exceeded": {
      const maximum = isCurrency(refusal.currency) ? `${formatMinor(refusal.maximumMinor, refusal.currency)} ${refusal.currency}` : String(refusal.maximumMinor);
      return new ApiError(
        422,
        "reference_limit_exceeded",
        `The deposits of payment reference ${refusal.paymentReference} still to be funded would sum to more than one payment can carry (${maximum})`,
      );
    }
    case "reference_unavailable":
      return new ApiError(503, "service_unavailable", "The deposit's payment reference did not answer in time; nothing was created, retry the request");
    case "owner_status_unavailable":
      return new ApiError(503, "service_unavailable", "The account owner's status cannot be checked right now; nothing was created, retry the request");
    case "user_not_active":
    case "user_status_unconfirmed":
      // Only Qash users own accounts; a Sophic caller names none, so the object never says this to one.
      throw new Error(`refusal ${refusal.kind} reached a Sophic route`);
  }
}

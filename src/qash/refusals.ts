// The ledger's refusals in Qash's words.
import { ApiError } from "../errors/api-error";
import type { Refusal } from "../ledger/refusals";
import { userNotActive } from "./errors";

export function qashRefusal(refusal: Refusal): ApiError {
  switch (refusal.kind) {
    case "account_not_found":
      return new ApiError(404, "not_found", "Account not found");
    case "account_exists":
      return new ApiError(409, "conflict", "Account already exists");
    case "account_inactive":
      return new ApiError(409, "conflict", "Account is not active");
    case "currency_not_supported":
      return new ApiError(400, "currency_not_supported", `Currency ${refusal.currency} does not match the account asset ${refusal.accepted.join(", ")}`);
    case "balance_limit_exceeded":
      return new ApiError(422, "balance_limit_exceeded", "The deposit would take the account past the ledger's maximum balance");
    case "insufficient_balance":
      return new ApiError(422, "conflict", "Insufficient balance");
    case "idempotency_key_conflict":
      return new ApiError(409, "idempotency_key_conflict", "Idempotency-Key was already used with a different request");
    case "deposit_not_found":
      return new ApiError(404, "not_found", "Deposit not found");
    case "deposit_not_open":
      return new ApiError(409, "conflict", `Deposit is ${refusal.status}, not open`);
    case "user_not_active":
      return userNotActive(refusal.status);
    case "owner_status_unavailable":
      return new ApiError(503, "service_unavailable", "The account owner's status cannot be checked right now; retry the request");
    case "reference_total_exceeded":
    case "reference_unavailable":
      // Only Sophic deposits carry payment references.
      throw new Error(`refusal ${refusal.kind} reached a Qash route`);
    case "user_status_unconfirmed":
      // The deposit route answers this one itself, by checking D1 and asking again.
      throw new Error("refusal user_status_unconfirmed reached qashRefusal");
  }
}

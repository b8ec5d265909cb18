// What every bearer-protected Sophic route declares: the client token, and the error bodies it can answer.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { errorResponder } from "../http/error-responses";
import { rateLimitedResponse } from "../http/rate-limit";
import { requireClient } from "./middleware/bearer-auth";
import { currencyNotShown } from "./partner-account";
import { sophicRefusal } from "./refusals";
import { SophicError } from "./schemas";
import { clientSecurity, invalidClientToken, missingClientToken, SophicAuthError } from "./security";

export const clientGuard = {
  middleware: [requireClient] as MiddlewareHandler<AppEnv>[],
  security: clientSecurity,
};

/** Declares a Sophic error response: what the status means, and the errors the Worker answers it with. */
export const sophicError = errorResponder("sophic", SophicError);

export const clientAuthErrors = {
  401: errorResponder("sophic", SophicAuthError)("missing_token or invalid_token", missingClientToken(), invalidClientToken()),
  // requireClient counts every call against the partner's request budget.
  ...rateLimitedResponse(sophicError),
};

/** The 422 every account-scoped read answers for an account this dialect cannot show (after its 404). */
export const accountCurrencyNotShown = {
  422: sophicError(
    "currency_not_supported: the account was opened through Qash in a currency outside the vendor's enum (MXN, COP, USDC), " +
      "which a Sophic body cannot carry; read it through the Qash dialect",
    currencyNotShown(1001, "MXN"),
  ),
};

/** The 404 every account-scoped route answers: no such id, a malformed id, or another partner's. */
export const accountNotFound = {
  404: sophicError("not_found: no such account, or not this partner's", sophicRefusal({ kind: "account_not_found" })),
};

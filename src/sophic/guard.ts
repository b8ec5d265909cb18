// What every bearer-protected Sophic route declares: the client token, and the error bodies it can answer.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { errorResponder } from "../http/error-responses";
import { rateLimitedResponse } from "../http/rate-limit";
import { requireClient } from "./middleware/bearer-auth";
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

/** The 404 every account-scoped route answers: no such id, a malformed id, or another partner's. */
export const accountNotFound = {
  404: sophicError("not_found: no such account, or not this partner's", sophicRefusal({ kind: "account_not_found" })),
};

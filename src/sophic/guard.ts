// What every bearer-protected Sophic route declares: the client token, and the error bodies it can answer.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { rateLimitedResponse } from "../http/rate-limit";
import { requireClient } from "./middleware/bearer-auth";
import { SophicError } from "./schemas";
import { clientSecurity, SophicAuthError } from "./security";

export const clientGuard = {
  middleware: [requireClient] as MiddlewareHandler<AppEnv>[],
  security: clientSecurity,
};

export const sophicErrorContent = { "application/json": { schema: SophicError } };

export const clientAuthErrors = {
  401: { description: "missing_token or invalid_token", content: { "application/json": { schema: SophicAuthError } } },
  // requireClient counts every call against the partner's request budget.
  ...rateLimitedResponse(sophicErrorContent),
};

/** The 422 every account-scoped read answers for an account this dialect cannot show (after its 404). */
export const accountCurrencyNotShown = {
  422: {
    description:
      "currency_not_supported: the account was opened through Qash in a currency outside the vendor's enum (MXN, COP, USDC), " +
      "which a Sophic body cannot carry; read it through the Qash dialect",
    content: sophicErrorContent,
  },
};

/** The 404 every account-scoped route answers: no such id, a malformed id, or another partner's. */
export const accountNotFound = {
  404: { description: "not_found: no such account, or not this partner's", content: sophicErrorContent },
};

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

/** The 404 every account-scoped route answers: no such id, a malformed id, or another partner's. */
export const accountNotFound = {
  404: { description: "not_found: no such account, or not this partner's", content: sophicErrorContent },
};

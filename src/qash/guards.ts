// The authentication every /api/v1/user route declares: partner credentials, then an active user's token.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { rateLimitedResponse } from "../http/rate-limit";
import { qashErrorContent, userSecurity } from "./identity-schemas";
import { requirePartner } from "./middleware/partner-auth";
import { requireUser, requireUserToken } from "./middleware/user-auth";

export const userGuard = {
  middleware: [requirePartner, requireUser] as MiddlewareHandler<AppEnv>[],
  security: userSecurity,
};

/** The same guard for the deposit, whose account object checks the user's status (see requireUserToken). */
export const userTokenGuard = {
  middleware: [requirePartner, requireUserToken] as MiddlewareHandler<AppEnv>[],
  security: userSecurity,
};

export const userAuthErrors = {
  401: { description: "Invalid partner credentials, or a missing, forged or expired token", content: qashErrorContent },
  403: { description: "User account is pending, suspended or banned", content: qashErrorContent },
  // requirePartner counts every call against the partner's request budget.
  ...rateLimitedResponse(qashErrorContent),
};

// The authentication every /api/v1/user route declares: partner credentials, then an active user's token.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { rateLimitedResponse } from "../http/rate-limit";
import { invalidPartnerCredentials, invalidUserToken, missingUserToken, userNotActive } from "./errors";
import { qashError, userSecurity } from "./identity-schemas";
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

/** What every /api/v1/partner route can answer before its own work: requirePartner's refusals. */
export const partnerAuthErrors = {
  401: qashError("Invalid partner credentials", invalidPartnerCredentials()),
  // requirePartner counts every call against the partner's request budget.
  ...rateLimitedResponse(qashError),
};

export const userAuthErrors = {
  401: qashError("Invalid partner credentials, or a missing, forged or expired token", invalidPartnerCredentials(), missingUserToken(), invalidUserToken()),
  // One example per code: pending and banned users hear the same FORBIDDEN, naming their status.
  403: qashError("User account is pending, suspended or banned", userNotActive("suspended")),
  ...rateLimitedResponse(qashError),
};

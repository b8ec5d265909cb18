// Sophic client authentication: every call but /auth/token carries the access token that endpoint issued.
import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../../auth/bearer";
import { verifyClientToken } from "../../auth/tokens";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors/api-error";
import { enforcePartnerRateLimit } from "../../http/rate-limit";

export const requireClient: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  // RFC 6750 §3: a 401 from a bearer-protected resource names the scheme, and the error once there is a token.
  if (token === undefined) {
    c.header("WWW-Authenticate", 'Bearer realm="sophic"');
    throw new ApiError(401, "missing_token", "An access token is required: Authorization: Bearer <access_token>");
  }
  const claims = await verifyClientToken(c.env.TOKEN_SIGNING_KEY, token);
  if (claims === null) {
    c.header("WWW-Authenticate", 'Bearer realm="sophic", error="invalid_token"');
    throw new ApiError(401, "invalid_token", "The access token is invalid or has expired");
  }
  // The partner's name travels in the token, so authenticating a call costs no D1 read.
  c.set("partner", { id: claims.partnerId, name: claims.partnerName });
  await enforcePartnerRateLimit(c, claims.partnerId);
  await next();
};

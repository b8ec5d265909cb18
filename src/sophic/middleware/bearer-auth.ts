// Sophic client authentication: every call but /auth/token carries the access token that endpoint issued.
import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../../auth/bearer";
import { verifyClientToken } from "../../auth/tokens";
import type { AppEnv } from "../../env";
import { enforcePartnerRateLimit } from "../../http/rate-limit";
import { invalidClientToken, missingClientToken } from "../security";

export const requireClient: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  // RFC 6750 §3: a 401 from a bearer-protected resource names the scheme, and the error once there is a token.
  if (token === undefined) {
    c.header("WWW-Authenticate", 'Bearer realm="sophic"');
    throw missingClientToken();
  }
  const claims = await verifyClientToken(c.env.TOKEN_SIGNING_KEY, token);
  if (claims === null) {
    c.header("WWW-Authenticate", 'Bearer realm="sophic", error="invalid_token"');
    throw invalidClientToken();
  }
  // The partner's name travels in the token, so authenticating a call costs no D1 read.
  c.set("partner", { id: claims.partnerId, name: claims.partnerName });
  await enforcePartnerRateLimit(c, claims.partnerId);
  await next();
};

// Qash partner authentication: every /api/v1 call carries X-Api-Key and X-Api-Secret.
import type { MiddlewareHandler } from "hono";
import { authenticatePartner } from "../../auth/partner-credentials";
import type { AppEnv } from "../../env";
import { enforcePartnerRateLimit } from "../../http/rate-limit";
import { invalidPartnerCredentials } from "../errors";

export const requirePartner: MiddlewareHandler<AppEnv> = async (c, next) => {
  const partner = await authenticatePartner(c.env, c.req.header("X-Api-Key"), c.req.header("X-Api-Secret"));
  if (partner === null) throw invalidPartnerCredentials();
  c.set("partner", partner);
  await enforcePartnerRateLimit(c, partner.id);
  await next();
};

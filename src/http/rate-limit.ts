// The per-partner request budget: one counter per partner in the PARTNER_RATE_LIMITER binding, shared by
// both dialects, consulted as soon as a request's partner is known (Qash partner headers, a Sophic token,
// or the client credentials of /auth/token).
import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { partner_rate_period_seconds, partner_requests_per_period_max } from "../config/limits";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import type { ErrorResponder } from "./error-responses";
import { log } from "./log";

/**
 * Counts one request against the partner's budget; over it, throws a 429 (rendered in the caller's
 * dialect) with `Retry-After`. The binding does not say when its window ends, so Retry-After is the
 * whole period: waiting that long always finds a fresh window.
 */
export async function enforcePartnerRateLimit(c: Context<AppEnv>, partnerId: string): Promise<void> {
  if (await withinBudget(c.env, partnerId)) return;
  c.header("Retry-After", String(partner_rate_period_seconds));
  throw rateLimitedError();
}

export const rateLimitedError = (): ApiError =>
  new ApiError(
    429,
    "rate_limited",
    `Too many requests: a partner may make ${partner_requests_per_period_max} every ${partner_rate_period_seconds} seconds; retry after ${partner_rate_period_seconds} seconds`,
  );

async function withinBudget(env: Env, partnerId: string): Promise<boolean> {
  try {
    const outcome = await env.PARTNER_RATE_LIMITER.limit({ key: partnerId });
    return outcome.success;
  } catch (error) {
    // The limiter protects the ledger; it must not take it down. An unreachable limiter lets the request
    // through, and says so, rather than refusing every partner's money movements.
    log("warn", { msg: "rate limiter unavailable; request let through", partnerId, cause: error instanceof Error ? error.message : String(error) });
    return true;
  }
}

/** The 429 every partner-authenticated operation declares in the OpenAPI document, in its dialect's body. */
export function rateLimitedResponse<Schema extends z.ZodType>(respond: ErrorResponder<Schema>) {
  return {
    429: {
      ...respond(`rate_limited: the partner passed ${partner_requests_per_period_max} requests in ${partner_rate_period_seconds} seconds`, rateLimitedError()),
      headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" as const, example: partner_rate_period_seconds } } },
    },
  };
}

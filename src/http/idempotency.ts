// Idempotency-Key for POSTs that move no money: the first answer is kept in D1 and replayed.
// (Money-moving POSTs keep their keys in the account object, atomically with the money.)
import type { Context, MiddlewareHandler } from "hono";
import { idempotency_retention_ms } from "../config/limits";
import { database } from "../db/client";
import { claimKey, completeKey, releaseKey } from "../db/queries/idempotency-records";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { idempotencyClaim } from "./idempotency-key";

type Options = {
  /** Removes what must never be stored (a secret shown once) from the body kept for replays. */
  redact?: (body: Record<string, unknown>) => Record<string, unknown>;
};

/** The body as the route reads it: readJsonBody's exact parse, or the text when it is not JSON. */
async function bodyOf(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return await c.req.text();
  }
}

/** Runs after authentication, so keys are scoped to the calling partner (or the operator). */
export function honourIdempotencyKey(options: Options = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const claim = await idempotencyClaim(c, await bodyOf(c));
    if (claim === null) return next();
    const db = database(c.env);
    const scope = c.get("partner")?.id ?? "admin";
    const nowMs = Date.now();
    const outcome = await claimKey(db, { scope, key: claim.key, requestHash: claim.requestHash, nowMs, expiredBeforeMs: nowMs - idempotency_retention_ms });
    if (outcome !== "claimed") {
      if (outcome.requestHash !== claim.requestHash) {
        throw new ApiError(409, "idempotency_key_conflict", "Idempotency-Key was already used with a different request");
      }
      if (outcome.status === null || outcome.body === null) {
        throw new ApiError(409, "idempotency_key_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly");
      }
      return new Response(outcome.body, { status: outcome.status, headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" } });
    }
    try {
      await next();
    } finally {
      const status = c.res.status;
      if (status >= 200 && status < 300) {
        const body = (await c.res.clone().json()) as Record<string, unknown>;
        await completeKey(db, scope, claim.key, status, JSON.stringify(options.redact ? options.redact(body) : body));
      } else {
        // Failures are not kept: the same key may carry the corrected request.
        await releaseKey(db, scope, claim.key);
      }
    }
  };
}

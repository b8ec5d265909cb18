// Idempotency-Key for POSTs that move no money: the first answer is kept in the caller's key object and
// replayed. (Money-moving POSTs keep their answers in the object that moves the money; see idempotent-command.ts.)
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import type { KeyClaim } from "../keys/key-object";
import { keyObject } from "../keys/stub";
import { giveBack } from "./idempotent-command";
import { keyedRequest } from "./idempotency-key";

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

/** Runs after authentication, so keys are scoped to the caller (the partner, its user, or the operator). */
export function honourIdempotencyKey(options: Options = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const request = await keyedRequest(c, await bodyOf(c));
    if (request === null) return next();
    const keys = keyObject(c.env, request.partnerId, request.scope, request.key);
    const claim: KeyClaim = { scope: request.scope, key: request.key, requestHash: request.requestHash, mode: "keep" };
    const outcome = await keys.claim(claim);
    if (outcome.kind === "conflict") throw new ApiError(409, "idempotency_key_conflict", "Idempotency-Key was already used with a different request");
    if (outcome.kind === "in_progress") {
      throw new ApiError(409, "idempotency_key_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly");
    }
    if (outcome.kind === "replay") {
      return new Response(outcome.body, { status: outcome.status, headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" } });
    }
    try {
      await next();
    } finally {
      const status = c.res.status;
      if (status >= 200 && status < 300) {
        const body = (await c.res.clone().json()) as Record<string, unknown>;
        await keys.complete(claim, status, JSON.stringify(options.redact ? options.redact(body) : body));
      } else {
        // Failures are not kept: the same key may carry the corrected request.
        await giveBack(keys, claim);
      }
    }
  };
}

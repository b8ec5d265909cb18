// Pieces of route declarations that mean the same on every route that uses them: documentation only.
import type { z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { body_bytes_max, idempotency_key_chars_max, idempotency_retention_ms } from "../config/limits";
import { ApiError } from "../errors/api-error";
import { toApiError } from "../errors/render";
import type { ErrorResponder } from "./error-responses";
import { payloadTooLargeError } from "./middleware";

const retention_hours = idempotency_retention_ms / (60 * 60 * 1000);

/**
 * The header every idempotent POST reads by hand (see idempotency-key.ts). Declared as a plain parameter
 * rather than a zod header schema, so documenting it adds no validator in front of that reading. It has no
 * example on purpose: Swagger UI fills "Try it out" with a parameter's example, and a fixed key would turn
 * every second try into a silent replay (same body) or a 409 (another body).
 */
export const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  description:
    `Makes the POST safe to retry: the same key with the same request replays the first answer with \`Idempotent-Replayed: true\` ` +
    `and moves no money again; with another request it is 409 \`idempotency_key_conflict\`. Kept ${retention_hours} hours. ` +
    "Use a fresh value (a UUID, or your own order id) for each new request.",
  schema: { type: "string" as const, minLength: 1, maxLength: idempotency_key_chars_max },
};

/**
 * The refusals of an Idempotency-Key, as src/http/idempotency-key.ts and src/http/idempotency.ts word them
 * (test/docs/error-examples.test.ts holds these copies to the Worker's answers).
 */
export const idempotencyKeyErrors = {
  empty: () => new ApiError(400, "invalid_request", "Idempotency-Key must not be empty"),
  tooLong: () => new ApiError(400, "idempotency_key_too_long", `Idempotency-Key must be at most ${idempotency_key_chars_max} characters`),
  conflict: () => new ApiError(409, "idempotency_key_conflict", "Idempotency-Key was already used with a different request"),
  inProgress: () => new ApiError(409, "idempotency_key_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly"),
};

/** What a JSON body that does not parse is answered: hono's validator throws this, src/errors/render.ts renders it. */
export const malformedJsonError = (): ApiError => toApiError(new HTTPException(400, { message: "Malformed JSON in request body" }));

/** What @hono/zod-openapi throws when a body-taking route is sent another Content-Type (or a body with none). */
export const unsupportedMediaTypeError = (): ApiError => toApiError(new HTTPException(415, { message: "Unsupported Media Type" }));

/** The answer of the body limit every request passes (src/http/middleware.ts), in the route's dialect. */
export function payloadTooLarge<Schema extends z.ZodType>(respond: ErrorResponder<Schema>) {
  return { 413: respond(`payload_too_large: the body exceeds ${body_bytes_max} bytes`, payloadTooLargeError()) };
}

/**
 * What every operation with a JSON body answers besides its own errors: 413 from the body limit, and 415 from
 * @hono/zod-openapi's media-type check, which runs after the route's authentication.
 */
export function jsonBodyErrors<Schema extends z.ZodType>(respond: ErrorResponder<Schema>) {
  return {
    ...payloadTooLarge(respond),
    415: respond("unsupported_media_type: the body was not sent as application/json", unsupportedMediaTypeError()),
  };
}

// Pieces of route declarations that mean the same on every route that uses them: documentation only.
import { body_bytes_max, idempotency_key_chars_max, idempotency_retention_ms } from "../config/limits";

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

/** The answer of the body limit every request passes (src/http/middleware.ts), in the route's dialect. */
export function payloadTooLarge<Content>(content: Content) {
  return { 413: { description: `payload_too_large: the body exceeds ${body_bytes_max} bytes`, content } };
}

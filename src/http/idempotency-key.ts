// Reads the Idempotency-Key header and fingerprints the request it guards.
import type { Context } from "hono";
import { idempotency_key_chars_max } from "../config/limits";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { sha256Hex } from "../auth/hash";
import type { IdempotencyClaim } from "../durable/idempotency";

/** JSON with object keys sorted, so two equal bodies written in another key order hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The request's claim on its Idempotency-Key, or null when it sent none. The fingerprint covers the
 * method, the path and the validated body, so the same key with another request is a conflict.
 */
export async function idempotencyClaim(c: Context<AppEnv>, input: unknown): Promise<IdempotencyClaim | null> {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return null;
  if (key.length === 0) throw new ApiError(400, "invalid_request", "Idempotency-Key must not be empty");
  if (key.length > idempotency_key_chars_max) {
    throw new ApiError(400, "idempotency_key_too_long", `Idempotency-Key must be at most ${idempotency_key_chars_max} characters`);
  }
  const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalJson(input)}`);
  return { key, requestHash };
}

/** Marks a response that repeats the first answer given under its key. */
export function markReplayed(c: Context<AppEnv>, replayed: boolean): void {
  if (replayed) c.header("Idempotent-Replayed", "true");
}

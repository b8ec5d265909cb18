// Reads the Idempotency-Key header and fingerprints the request it guards.
import type { Context } from "hono";
import { idempotency_key_chars_max } from "../config/limits";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { sha256Hex } from "../auth/hash";
import type { IdempotencyClaim } from "../durable/idempotency";

/** What is left to write: a piece of punctuation, or a value still to be rendered. */
type Pending = { text: string } | { value: unknown };

/** The pieces of one array or object, in writing order: its brackets, separators, keys and members. */
function piecesOf(value: object): Pending[] {
  if (Array.isArray(value)) {
    const items = (value as unknown[]).flatMap((item, index): Pending[] => (index === 0 ? [{ value: item }] : [{ text: "," }, { value: item }]));
    return [{ text: "[" }, ...items, { text: "]" }];
  }
  const members = Object.keys(value)
    .sort()
    .flatMap((key, index): Pending[] => [{ text: `${index === 0 ? "" : ","}${JSON.stringify(key)}:` }, { value: (value as Record<string, unknown>)[key] }]);
  return [{ text: "{" }, ...members, { text: "}" }];
}

/**
 * JSON with object keys sorted, so two equal bodies written in another key order hash the same. Written
 * with a work list rather than recursion: a 64 KiB body can nest 32,000 levels deep, which overflowed the
 * call stack here (a 500) before validation could refuse it.
 */
export function canonicalJson(value: unknown): string {
  const written: string[] = [];
  const pending: Pending[] = [{ value }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if ("text" in next) {
      written.push(next.text);
    } else if (next.value !== null && typeof next.value === "object") {
      // Pushed last piece first, one at a time: spreading 60,000 pieces into push() would overflow the stack too.
      const pieces = piecesOf(next.value);
      for (let index = pieces.length - 1; index >= 0; index -= 1) pending.push(pieces[index] as Pending);
    } else {
      written.push(JSON.stringify(next.value) ?? "null");
    }
  }
  return written.join("");
}

/** A request that carries an Idempotency-Key: its caller's scope, the key as sent, and the request's fingerprint. */
export type KeyedRequest = { partnerId: string | null; scope: string; key: string; requestHash: string };

/**
 * Who a key belongs to: the operator, a partner (Sophic, and Qash's partner routes), or one user of a
 * partner (Qash's /user routes, whose guards have set the user). Runs after authentication.
 */
export function callerScope(c: Context<AppEnv>): { partnerId: string | null; scope: string } {
  const user = c.get("user") as AppEnv["Variables"]["user"] | undefined;
  if (user !== undefined) return { partnerId: user.partnerId, scope: `user:${user.partnerId}:${user.id}` };
  const partner = c.get("partner") as AppEnv["Variables"]["partner"] | undefined;
  if (partner !== undefined) return { partnerId: partner.id, scope: `partner:${partner.id}` };
  return { partnerId: null, scope: "admin" };
}

/**
 * The request's Idempotency-Key, or null when it sent none. The fingerprint covers the method, the path
 * and the validated body, so the same key with another request is a conflict.
 */
export async function keyedRequest(c: Context<AppEnv>, input: unknown): Promise<KeyedRequest | null> {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return null;
  if (key.length === 0) throw new ApiError(400, "invalid_request", "Idempotency-Key must not be empty");
  if (key.length > idempotency_key_chars_max) {
    throw new ApiError(400, "idempotency_key_too_long", `Idempotency-Key must be at most ${idempotency_key_chars_max} characters`);
  }
  const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalJson(input)}`);
  return { ...callerScope(c), key, requestHash };
}

/** What the object that moves the money keeps: the key within its caller's scope, so two callers never meet. */
export function objectClaim(request: KeyedRequest | null): IdempotencyClaim | null {
  return request === null ? null : { key: `${request.scope}\n${request.key}`, requestHash: request.requestHash };
}

/** Marks a response that repeats the first answer given under its key. */
export function markReplayed(c: Context<AppEnv>, replayed: boolean): void {
  if (replayed) c.header("Idempotent-Replayed", "true");
}

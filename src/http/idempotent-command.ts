// Runs a money-moving command under its caller's Idempotency-Key. The key is claimed first in the caller's key
// object (src/keys), which refuses it to any other request of the same caller, whatever object that request
// names; the command's own object then keeps the answer with the money and replays it to identical copies.
import type { Context } from "hono";
import type { IdempotencyClaim } from "../durable/idempotency";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import type { KeyClaim } from "../keys/key-object";
import { keyObject } from "../keys/stub";
import { refuse, type CommandResult } from "../ledger/refusals";
import { keyedRequest, objectClaim } from "./idempotency-key";
import { log } from "./log";

/**
 * `input` is what the request means (its fingerprint, with the method and path). A refusal, returned or
 * raised as a 4xx, committed nothing, so the key is given back for the corrected request; after anything
 * else (a success, an unknown outcome) the key stays bound to this request.
 */
export async function idempotentCommand<T>(
  c: Context<AppEnv>,
  input: unknown,
  run: (claim: IdempotencyClaim | null) => Promise<CommandResult<T>>,
): Promise<CommandResult<T>> {
  const request = await keyedRequest(c, input);
  if (request === null) return run(null);
  const keys = keyObject(c.env, request.partnerId, request.scope, request.key);
  const claim: KeyClaim = { scope: request.scope, key: request.key, requestHash: request.requestHash, mode: "forward" };
  const outcome = await keys.claim(claim);
  if (outcome.kind !== "claimed") return refuse({ kind: "idempotency_key_conflict" });
  let result: CommandResult<T>;
  try {
    result = await run(objectClaim(request));
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) await giveBack(keys, claim);
    throw error;
  }
  if (!result.ok) await giveBack(keys, claim);
  return result;
}

/** A key that cannot be given back stays bound to its request: safe, only less convenient for a retry. */
export async function giveBack(keys: { release(claim: KeyClaim): Promise<void> | void }, claim: KeyClaim): Promise<void> {
  try {
    await keys.release(claim);
  } catch (error) {
    log("warn", { msg: "idempotency key not given back; it stays bound to its refused request", cause: error instanceof Error ? error.message : String(error) });
  }
}

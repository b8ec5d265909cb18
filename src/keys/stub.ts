// How the rest of the Worker reaches the object that holds one caller's key: keys are spread over a few objects
// per partner by a hash of (scope, key), so one partner's keyed traffic is not serialized through one object
// while every key still has exactly one home.
import type { IdempotencyKeyObject } from "./key-object";

/** Objects per partner that hold its callers' keys (and those of the operator, under "admin"). */
export const key_object_shards = 16;

/** FNV-1a, 32 bits: cheap, stable, and spread enough to pick a shard. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function keyObject(env: Env, partnerId: string | null, scope: string, key: string): DurableObjectStub<IdempotencyKeyObject> {
  return shardOf(env, partnerId, fnv1a(`${scope}\n${key}`) % key_object_shards);
}

/** Every object that may hold the partner's keys (tests count what a refusal left behind). */
export function keyObjectsOf(env: Env, partnerId: string | null): DurableObjectStub<IdempotencyKeyObject>[] {
  return Array.from({ length: key_object_shards }, (_, shard) => shardOf(env, partnerId, shard));
}

function shardOf(env: Env, partnerId: string | null, shard: number): DurableObjectStub<IdempotencyKeyObject> {
  return env.IDEMPOTENCY_KEYS.get(env.IDEMPOTENCY_KEYS.idFromName(`keys:${partnerId ?? "admin"}:${shard}`));
}

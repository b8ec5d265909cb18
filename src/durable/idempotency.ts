// Idempotency records kept inside the account object, committed in the same transaction as the
// money they guard: a key either moved money and replays, or it never happened.
import { idempotency_retention_ms } from "../config/limits";

export type IdempotencyClaim = { key: string; requestHash: string };

export type PriorOutcome<T> = { kind: "none" } | { kind: "replay"; value: T } | { kind: "conflict" };

type RecordRow = { request_hash: string; value: string; created_at_ms: number };

/**
 * The value of a key reserved by a command that must wait on another object before it can commit
 * (a cancel asks the payment reference first). Not JSON, so it can never be a real answer.
 */
const pending_value = "";

export function priorOutcome<T>(sql: SqlStorage, claim: IdempotencyClaim | null, nowMs: number): PriorOutcome<T> {
  if (claim === null) return { kind: "none" };
  const row = sql.exec<RecordRow>("SELECT request_hash, value, created_at_ms FROM idempotency_records WHERE key = ?", claim.key).toArray()[0];
  if (row === undefined || row.created_at_ms < nowMs - idempotency_retention_ms) return { kind: "none" };
  if (row.request_hash !== claim.requestHash) return { kind: "conflict" };
  // The same request reserved the key and has not answered yet: its copies carry on, and whichever
  // commits first records the answer the others then replay.
  if (row.value === pending_value) return { kind: "none" };
  return { kind: "replay", value: JSON.parse(row.value) as T };
}

/** Reserves the key for this request; only inside a transaction that found no prior outcome. */
export function reserveKey(sql: SqlStorage, claim: IdempotencyClaim | null, nowMs: number): void {
  if (claim === null) return;
  sql.exec(
    "INSERT INTO idempotency_records (key, request_hash, value, created_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
    claim.key,
    claim.requestHash,
    pending_value,
    nowMs,
  );
}

/** Gives a reserved key back when its request was refused, so a corrected request may use it. */
export function releaseKey(sql: SqlStorage, claim: IdempotencyClaim | null): void {
  if (claim === null) return;
  sql.exec("DELETE FROM idempotency_records WHERE key = ? AND value = ?", claim.key, pending_value);
}

export function recordOutcome(sql: SqlStorage, claim: IdempotencyClaim | null, value: unknown, nowMs: number): void {
  if (claim === null) return;
  sql.exec(
    "INSERT INTO idempotency_records (key, request_hash, value, created_at_ms) VALUES (?, ?, ?, ?) " +
      "ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, value = excluded.value, created_at_ms = excluded.created_at_ms",
    claim.key,
    claim.requestHash,
    JSON.stringify(value),
    nowMs,
  );
}

export function forgetExpiredOutcomes(sql: SqlStorage, nowMs: number): void {
  sql.exec("DELETE FROM idempotency_records WHERE created_at_ms < ?", nowMs - idempotency_retention_ms);
}

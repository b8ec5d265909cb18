// Cancels the payment reference may have agreed to and this account has not applied yet: recorded before the
// reference is asked, so an eviction between its decision and this account's write cannot strand the deposit.
import type { IdempotencyClaim } from "../durable/idempotency";

type IntentRow = { deposit_id: number; idempotency_key: string | null; request_hash: string | null };

export type CancelIntent = { depositId: number; idempotency: IdempotencyClaim | null };

export function recordCancelIntent(sql: SqlStorage, depositId: number, idempotency: IdempotencyClaim | null): void {
  sql.exec(
    "INSERT INTO cancel_intents (deposit_id, idempotency_key, request_hash) VALUES (?, ?, ?) ON CONFLICT (deposit_id) DO NOTHING",
    depositId,
    idempotency?.key ?? null,
    idempotency?.requestHash ?? null,
  );
}

export function forgetCancelIntent(sql: SqlStorage, depositId: number): void {
  sql.exec("DELETE FROM cancel_intents WHERE deposit_id = ?", depositId);
}

export function cancelIntents(sql: SqlStorage): CancelIntent[] {
  return sql
    .exec<IntentRow>("SELECT deposit_id, idempotency_key, request_hash FROM cancel_intents")
    .toArray()
    .map((row) => ({
      depositId: row.deposit_id,
      idempotency: row.idempotency_key === null || row.request_hash === null ? null : { key: row.idempotency_key, requestHash: row.request_hash },
    }));
}

// Claims, fills and releases the D1 idempotency records of POSTs that move no money.
import { and, eq, lt, sql } from "drizzle-orm";
import { runQuery, type Database } from "../client";
import { idempotencyRecords } from "../schema";

export type IdempotencyRecord = typeof idempotencyRecords.$inferSelect;

/**
 * Claims the key for this request. The insert is the arbiter between racing requests: exactly one
 * claims a fresh key; an expired record is taken over as if it were absent.
 */
export async function claimKey(db: Database, record: { scope: string; key: string; requestHash: string; nowMs: number; expiredBeforeMs: number }): Promise<"claimed" | IdempotencyRecord> {
  const claimed = await runQuery(() =>
    db
      .insert(idempotencyRecords)
      .values({ scope: record.scope, key: record.key, requestHash: record.requestHash, status: null, body: null, createdAtMs: record.nowMs })
      .onConflictDoUpdate({
        target: [idempotencyRecords.scope, idempotencyRecords.key],
        set: { requestHash: record.requestHash, status: null, body: null, createdAtMs: record.nowMs },
        setWhere: lt(idempotencyRecords.createdAtMs, record.expiredBeforeMs),
      })
      .returning({ scope: idempotencyRecords.scope }),
  );
  if (claimed.length > 0) return "claimed";
  const rows = await runQuery(() =>
    db.select().from(idempotencyRecords).where(and(eq(idempotencyRecords.scope, record.scope), eq(idempotencyRecords.key, record.key))).limit(1),
  );
  const existing = rows[0];
  if (existing === undefined) throw new Error("an idempotency record vanished between its claim and its read");
  return existing;
}

export async function completeKey(db: Database, scope: string, key: string, status: number, body: string): Promise<void> {
  await runQuery(() =>
    db.update(idempotencyRecords).set({ status, body }).where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key))),
  );
}

/** Gives the key back when the request failed, so a corrected retry may use it. */
export async function releaseKey(db: Database, scope: string, key: string): Promise<void> {
  await runQuery(() =>
    db.delete(idempotencyRecords).where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key), sql`${idempotencyRecords.status} IS NULL`)),
  );
}

export async function forgetExpiredKeys(db: Database, expiredBeforeMs: number): Promise<void> {
  await runQuery(() => db.delete(idempotencyRecords).where(lt(idempotencyRecords.createdAtMs, expiredBeforeMs)));
}

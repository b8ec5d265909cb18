// Where a caller's Idempotency-Keys are bound to the one request each key may carry. Every POST with a key
// claims it here first, so the same key with another request from the same caller is refused whichever
// account, reference or resource that request names; only requests identical to the key's first one go on.
//
// Two kinds of claim:
//   - "forward": a money-moving command. The object that moves the money keeps the answer, atomically with
//     the money, and replays it; identical copies all pass here, and that object lets one of them act.
//   - "keep": a POST that moves no money (a registration, an account opening). Its answer is kept here and
//     replayed; an identical copy that arrives while the first runs hears 409 in progress.
// A claim holds until its request is refused: a refusal gives it back, so the corrected request may use the
// key. A forward claim counts its holders, so a refused copy never frees a key that a copy which succeeded
// (or whose outcome is unknown) still holds.
import { DurableObject } from "cloudflare:workers";
import { idempotency_retention_ms } from "../config/limits";
import { migrateStorage } from "../durable/migrate";

export type ClaimMode = "forward" | "keep";

export type KeyClaim = { scope: string; key: string; requestHash: string; mode: ClaimMode };

export type ClaimOutcome =
  | { kind: "claimed" }
  | { kind: "conflict" }
  | { kind: "in_progress" }
  | { kind: "replay"; status: number; body: string };

type KeyRow = { request_hash: string; mode: ClaimMode; holders: number; status: number | null; body: string | null; created_at_ms: number };

const steps: readonly string[] = [
  // No index on the age: the clean-up alarm runs rarely and reads the table; every claim would write one.
  `CREATE TABLE keys (
     scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, mode TEXT NOT NULL, holders INTEGER NOT NULL,
     status INTEGER, body TEXT, created_at_ms INTEGER NOT NULL,
     PRIMARY KEY (scope, key)) WITHOUT ROWID;`,
];

/** How long after the oldest key expires the clean-up runs: it gathers a while of expiries into one alarm. */
const cleanup_slack_ms = 60 * 60 * 1000;

export class IdempotencyKeyObject extends DurableObject<Env> {
  private alarmArmed = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateStorage(ctx.storage, steps);
  }

  /** Binds the key to this request if it is free (or expired); says what the key's binding allows otherwise. */
  claim(claim: KeyClaim): ClaimOutcome {
    const nowMs = Date.now();
    const outcome = this.ctx.storage.transactionSync((): ClaimOutcome => {
      const row = this.rowOf(claim, nowMs);
      if (row === undefined) {
        this.sql.exec(
          "INSERT INTO keys (scope, key, request_hash, mode, holders, status, body, created_at_ms) VALUES (?, ?, ?, ?, 1, NULL, NULL, ?) " +
            "ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, mode = excluded.mode, holders = 1, status = NULL, body = NULL, created_at_ms = excluded.created_at_ms",
          claim.scope,
          claim.key,
          claim.requestHash,
          claim.mode,
          nowMs,
        );
        return { kind: "claimed" };
      }
      if (row.request_hash !== claim.requestHash || row.mode !== claim.mode) return { kind: "conflict" };
      if (row.mode === "keep") return row.status === null || row.body === null ? { kind: "in_progress" } : { kind: "replay", status: row.status, body: row.body };
      this.sql.exec("UPDATE keys SET holders = holders + 1 WHERE scope = ? AND key = ?", claim.scope, claim.key);
      return { kind: "claimed" };
    });
    if (outcome.kind === "claimed") this.armCleanup(nowMs);
    return outcome;
  }

  /** Keeps the answer of a "keep" claim, to replay to the key's retries. */
  complete(claim: KeyClaim, status: number, body: string): void {
    this.sql.exec(
      "UPDATE keys SET status = ?, body = ? WHERE scope = ? AND key = ? AND request_hash = ? AND mode = 'keep'",
      status,
      body,
      claim.scope,
      claim.key,
      claim.requestHash,
    );
  }

  /**
   * Gives back a claim whose request was refused (nothing of it was committed). A "keep" claim is freed unless
   * it was completed; a "forward" one once none of its holders is left, since any other holder may have acted.
   */
  release(claim: KeyClaim): void {
    this.ctx.storage.transactionSync(() => {
      const row = this.rowOf(claim, Date.now());
      if (row === undefined || row.request_hash !== claim.requestHash || row.mode !== claim.mode) return;
      if (row.mode === "keep" ? row.status === null : row.holders <= 1) {
        this.sql.exec("DELETE FROM keys WHERE scope = ? AND key = ?", claim.scope, claim.key);
      } else if (row.mode === "forward") {
        this.sql.exec("UPDATE keys SET holders = holders - 1 WHERE scope = ? AND key = ?", claim.scope, claim.key);
      }
    });
  }

  /** Keys bound in this object for one scope (tests: a refused request leaves none behind). */
  keysOf(scope: string): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM keys WHERE scope = ? AND created_at_ms >= ?", scope, Date.now() - idempotency_retention_ms).one().n;
  }

  /** Forgets expired keys, and comes back when the next one expires. */
  override async alarm(): Promise<void> {
    const nowMs = Date.now();
    this.alarmArmed = false;
    this.sql.exec("DELETE FROM keys WHERE created_at_ms < ?", nowMs - idempotency_retention_ms);
    const oldest = this.sql.exec<{ at: number | null }>("SELECT MIN(created_at_ms) AS at FROM keys").one().at;
    if (oldest !== null) this.armCleanup(oldest);
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** The key's live binding; an expired one counts as none. */
  private rowOf(claim: KeyClaim, nowMs: number): KeyRow | undefined {
    const row = this.sql.exec<KeyRow>("SELECT request_hash, mode, holders, status, body, created_at_ms FROM keys WHERE scope = ? AND key = ?", claim.scope, claim.key).toArray()[0];
    return row === undefined || row.created_at_ms < nowMs - idempotency_retention_ms ? undefined : row;
  }

  /** One clean-up alarm at a time, after the key claimed at `claimedAtMs` expires (an armed earlier one covers it). */
  private armCleanup(claimedAtMs: number): void {
    if (this.alarmArmed) return;
    this.alarmArmed = true;
    const at = claimedAtMs + idempotency_retention_ms + cleanup_slack_ms;
    this.ctx.waitUntil(
      this.ctx.storage.getAlarm().then((armed) => (armed === null || armed > at ? this.ctx.storage.setAlarm(at) : undefined)),
    );
  }
}

// The outbox: what a commit must tell D1, stored in the same transaction as the commit, and drained
// afterwards to its sink: a ledger object's sink is its projection hub, the hub's sink is D1. Rows leave
// the outbox only after the sink confirmed the batch that carried them.
import type { ProjectionRecord } from "../db/projection";
import { log } from "../http/log";
import { Backoff } from "./backoff";
import { drain_summary_ms, outbox_rows_per_drain_max } from "./limits";

type OutboxRow = { seq: number; record: string; created_at_ms: number };

export type DrainOutcome = { projected: number; backlog: number; failed: boolean };

/** Takes a batch of records (each the JSON text of a ProjectionRecord, in commit order) durably, or throws. */
export type OutboxSink = (records: string[]) => Promise<void>;

export class Outbox {
  private draining: Promise<DrainOutcome> | null = null;
  private drainAgain = false;
  /** After a failure, commits leave the retry to the alarm until the backoff ends, so an outage is not hammered. */
  private readonly backoff = new Backoff();
  /** When the last batch left; a batch that is not full waits for `batchIntervalMs` after it. */
  private lastBatchAtMs = 0;
  /** Set by a caller that wants everything in D1 now: the running drain stops waiting to fill batches. */
  private hurry = false;
  /** Ends the wait of a drain that is filling its next batch. */
  private wake: (() => void) | null = null;
  private readonly summary = new DrainSummary();

  constructor(
    private readonly sql: SqlStorage,
    private readonly sink: OutboxSink,
    /**
     * The least time between two batches unless a batch is full: rows committed meanwhile ride in the next
     * one, so under load one call to the sink carries many commits instead of one or two each.
     */
    private readonly batchIntervalMs: number,
  ) {}

  /** Adds a record; only inside the transaction that commits the change it describes. Answers its place in line. */
  enqueue(record: ProjectionRecord, nowMs: number): number {
    return this.enqueueText(JSON.stringify(record), nowMs);
  }

  /** Adds a record already in JSON text (a hub taking an object's batch). */
  enqueueText(record: string, nowMs: number): number {
    return this.sql.exec<{ seq: number }>("INSERT INTO outbox (record, created_at_ms) VALUES (?, ?) RETURNING seq", record, nowMs).one().seq;
  }

  /** True while any record up to `seq` still waits for D1. */
  holdsUpTo(seq: number): boolean {
    return this.sql.exec("SELECT 1 FROM outbox WHERE seq <= ? LIMIT 1", seq).toArray().length > 0;
  }

  backlog(): number {
    return this.sql.exec<{ rows: number }>("SELECT COUNT(*) AS rows FROM outbox").one().rows;
  }

  /** True while a failed drain's backoff lasts. */
  backingOff(nowMs: number): boolean {
    return this.backoff.waiting(nowMs);
  }

  /** When the next attempt after a failure may run. */
  retryAtMs(): number {
    return this.backoff.nextAttemptAtMs;
  }

  /**
   * Drains everything queued so far. Concurrent callers share one drain; a call during it runs another after.
   * `now` asks for no waiting to fill batches (tests, operators, the alarm); commits leave it off.
   */
  drain(options: { now?: boolean } = {}): Promise<DrainOutcome> {
    if (options.now === true) {
      this.hurry = true;
      this.wake?.();
    }
    if (this.draining !== null) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = null;
      this.hurry = false;
    });
    return this.draining;
  }

  private nextBatch(): OutboxRow[] {
    return this.sql.exec<OutboxRow>("SELECT seq, record, created_at_ms FROM outbox ORDER BY seq LIMIT ?", outbox_rows_per_drain_max).toArray();
  }

  /** Waits up to `ms` for more rows, unless someone asks for the drain to hurry. */
  private async fill(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private async drainLoop(): Promise<DrainOutcome> {
    let projected = 0;
    do {
      this.drainAgain = false;
      for (;;) {
        let rows = this.nextBatch();
        if (rows.length === 0) break;
        const fillMs = this.lastBatchAtMs + this.batchIntervalMs - Date.now();
        if (rows.length < outbox_rows_per_drain_max && fillMs > 0 && !this.hurry) {
          await this.fill(fillMs);
          rows = this.nextBatch();
        }
        const last = rows.at(-1);
        if (last === undefined) break;
        const started = Date.now();
        this.lastBatchAtMs = started;
        try {
          await this.sink(rows.map((row) => row.record));
        } catch (error) {
          this.backoff.failed(Date.now());
          log("warn", { msg: "projection failed", rows: rows.length, failures: this.backoff.attempts, cause: error instanceof Error ? error.message : String(error) });
          return { projected, backlog: this.backlog(), failed: true };
        }
        this.backoff.succeeded();
        this.sql.exec("DELETE FROM outbox WHERE seq <= ?", last.seq);
        projected += rows.length;
        this.summary.add(rows.length, Date.now() - started, started - (rows[0]?.created_at_ms ?? started));
      }
    } while (this.drainAgain);
    return { projected, backlog: 0, failed: false };
  }
}

/** One log line per object per `drain_summary_ms` while it drains, rather than one per batch. */
class DrainSummary {
  private startedAtMs = Date.now();
  private batches = 0;
  private rows = 0;
  private durationMsMax = 0;
  private lagMsMax = 0;

  add(rows: number, durationMs: number, lagMs: number): void {
    this.batches += 1;
    this.rows += rows;
    this.durationMsMax = Math.max(this.durationMsMax, durationMs);
    this.lagMsMax = Math.max(this.lagMsMax, lagMs);
    const nowMs = Date.now();
    if (nowMs - this.startedAtMs < drain_summary_ms) return;
    log("info", { msg: "outbox drained", batches: this.batches, rows: this.rows, durationMsMax: this.durationMsMax, lagMsMax: this.lagMsMax, periodMs: nowMs - this.startedAtMs });
    this.startedAtMs = nowMs;
    this.batches = this.rows = this.durationMsMax = this.lagMsMax = 0;
  }
}

// When an object's outbox drains: right after each commit, and by alarm as the fallback and retry path.
import { log } from "../http/log";
import { projection_fallback_ms } from "./limits";
import type { DrainOutcome, Outbox } from "./outbox";

/** Where an outbox's sink drains in turn (a ledger object's hub), when the object is asked to project now. */
export type Downstream = { projectNow(): Promise<DrainOutcome> };

export class Projector {
  /** When the alarm this object asked for fires, as far as this instance knows; null when none is asked for. */
  private alarmAtMs: number | null = null;

  constructor(
    private readonly storage: DurableObjectStorage,
    readonly outbox: Outbox,
    private readonly downstream: Downstream | null = null,
  ) {}

  /**
   * Starts the drain at once and arms the alarm that finishes it if the object is evicted first.
   * While D1 is failing, the alarm alone retries, on its backoff.
   */
  afterCommit(): void {
    this.armFallback();
    if (this.outbox.backingOff(Date.now())) return;
    void this.outbox.drain().then(
      (outcome) => {
        if (outcome.failed) this.retryLater();
      },
      (error: unknown) => log("error", { msg: "projection crashed", cause: error instanceof Error ? error.message : String(error) }),
    );
  }

  /**
   * Drains now, whatever the backoff says, and then the downstream too, so that what this object committed
   * is in D1 when it answers (tests, operators, and the alarm). The backlog counts both.
   */
  async projectNow(): Promise<DrainOutcome> {
    const outcome = await this.outbox.drain({ now: true });
    if (outcome.failed) this.retryLater();
    if (outcome.failed || this.downstream === null) return outcome;
    const downstream = await this.downstream.projectNow();
    return { projected: outcome.projected, backlog: outcome.backlog + downstream.backlog, failed: downstream.failed };
  }

  /** The object's alarm has fired: first thing in its handler, so the loops it runs may ask for the next one. */
  alarmFired(): void {
    this.alarmAtMs = null;
  }

  /** The alarm's share: drain, and ask for another alarm while anything is left. */
  async onAlarm(): Promise<DrainOutcome> {
    return this.projectNow();
  }

  /** Another drain once the outbox's backoff ends. */
  retryLater(): void {
    this.retryAt(this.outbox.retryAtMs());
  }

  /**
   * Asks for the alarm at `atMs`, unless one is already asked for sooner. Every retry loop of the object
   * (each with its own backoff) shares the one alarm and runs at it; a loop that fails again asks for its next,
   * longer delay, so no failing loop keeps the alarm firing at a fixed rate.
   */
  retryAt(atMs: number): void {
    if (this.alarmAtMs !== null && this.alarmAtMs <= atMs) return;
    this.alarmAtMs = atMs;
    void this.storage.setAlarm(atMs);
  }

  armFallback(): void {
    this.retryAt(Date.now() + projection_fallback_ms);
  }
}

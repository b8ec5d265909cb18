// When an object's outbox drains: right after each commit, and by alarm as the fallback and retry path.
import { log } from "../http/log";
import { projection_fallback_ms } from "./limits";
import type { DrainOutcome, Outbox } from "./outbox";

export class Projector {
  private fallbackArmed = false;

  constructor(
    private readonly storage: DurableObjectStorage,
    readonly outbox: Outbox,
    /** Work that waits for history to reach D1; runs after every drain that did not fail. */
    private readonly afterDrain: () => Promise<void> = async () => undefined,
  ) {}

  /**
   * Starts the drain at once and arms the alarm that finishes it if the object is evicted first.
   * While D1 is failing, the alarm alone retries, on its backoff.
   */
  afterCommit(): void {
    this.armFallback();
    if (this.outbox.backingOff(Date.now())) return;
    void this.outbox.drain().then(
      async (outcome) => {
        if (outcome.failed) this.retryLater();
        else await this.afterDrain();
      },
      (error: unknown) => log("error", { msg: "projection crashed", cause: error instanceof Error ? error.message : String(error) }),
    );
  }

  /** Drains now, whatever the backoff says (tests, operators, and the alarm). */
  async projectNow(): Promise<DrainOutcome> {
    const outcome = await this.outbox.drain({ now: true });
    if (outcome.failed) this.retryLater();
    else await this.afterDrain();
    return outcome;
  }

  /** The alarm's share: drain, and ask for another alarm while anything is left. */
  async onAlarm(): Promise<DrainOutcome> {
    this.fallbackArmed = false;
    return this.projectNow();
  }

  /** Another attempt after the backoff, for the outbox or any other work the object retries. */
  retryLater(): void {
    this.fallbackArmed = true;
    void this.storage.setAlarm(Date.now() + this.outbox.retryDelayMs());
  }

  armFallback(): void {
    if (this.fallbackArmed) return;
    this.fallbackArmed = true;
    void this.storage.setAlarm(Date.now() + projection_fallback_ms);
  }
}

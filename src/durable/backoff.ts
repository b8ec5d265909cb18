// The delays between the attempts of one retry loop: doubling from a first delay up to a cap, with jitter, and
// reset by a success. Kept in memory: after an eviction the loop starts fast again, which is harmless.
import { projection_retry_ms_max, projection_retry_ms_min } from "./limits";

export class Backoff {
  private failures = 0;
  private notBeforeMs = 0;

  /** Records a failed attempt; answers when the next one may run. */
  failed(nowMs: number): number {
    this.failures += 1;
    const base = Math.min(projection_retry_ms_max, projection_retry_ms_min * 2 ** (this.failures - 1));
    this.notBeforeMs = nowMs + Math.round(base / 2 + Math.random() * (base / 2));
    return this.notBeforeMs;
  }

  succeeded(): void {
    this.failures = 0;
    this.notBeforeMs = 0;
  }

  /** True while the delay after the last failure lasts. */
  waiting(nowMs: number): boolean {
    return nowMs < this.notBeforeMs;
  }

  /** When the next attempt may run (0 when the last one succeeded). */
  get nextAttemptAtMs(): number {
    return this.notBeforeMs;
  }

  /** Failed attempts since the last success. */
  get attempts(): number {
    return this.failures;
  }
}

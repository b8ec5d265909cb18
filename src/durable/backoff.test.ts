import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";
import { projection_retry_ms_max, projection_retry_ms_min } from "./limits";

describe("Backoff", () => {
  it("doubles from the first delay to the cap, each delay jittered within its upper half, and resets on success", () => {
    const backoff = new Backoff();
    const nowMs = 1_000_000;
    const delays = Array.from({ length: 12 }, () => backoff.failed(nowMs) - nowMs);
    for (const [index, delay] of delays.entries()) {
      const base = Math.min(projection_retry_ms_max, projection_retry_ms_min * 2 ** index);
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    }
    expect(backoff.attempts).toBe(12);
    expect(backoff.waiting(nowMs + projection_retry_ms_max / 4)).toBe(true);
    backoff.succeeded();
    expect(backoff.attempts).toBe(0);
    expect(backoff.waiting(nowMs)).toBe(false);
    expect(backoff.failed(nowMs) - nowMs).toBeLessThanOrEqual(projection_retry_ms_min);
  });
});

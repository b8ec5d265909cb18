// How long history takes to reach D1: sampled lag (a deposit's answer to its row being readable through a
// bench-only probe) and the time from the end of a load to the last of its rows.
import { call, sleep } from "./http.mjs";

const probe_interval_ms = 10;
const probe_batch_max = 500;
const samples_max = 5_000;
const percentile = (sorted, p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/** Samples every `every`-th answer and polls D1 until each sampled row is there. */
export class LagProbe {
  constructor(base, table, idOf, every = 10) {
    Object.assign(this, { base, table, idOf, every });
    this.answers = 0;
    this.pending = new Map();
    this.lags = [];
    this.running = false;
    this.probes = 0;
    this.onResponse = (status, body) => {
      this.answers += 1;
      if (status >= 300 || this.answers % this.every !== 0 || this.pending.size + this.lags.length >= samples_max) return;
      try {
        this.pending.set(this.idOf(body), performance.now());
      } catch {
        // A body without an id is not sampled.
      }
    };
  }

  start() {
    this.running = true;
    this.loop = this.#poll();
  }

  async #poll() {
    while (this.running || this.pending.size > 0) {
      if (this.pending.size > 0) {
        const ids = [...this.pending.keys()].slice(0, probe_batch_max);
        const { seen } = await call(this.base, "POST", "/__bench/d1-seen", { body: { table: this.table, ids } });
        const now = performance.now();
        this.probes += 1;
        for (const id of seen) {
          this.lags.push(now - this.pending.get(id));
          this.pending.delete(id);
        }
      }
      await sleep(probe_interval_ms);
      if (!this.running && this.deadline !== undefined && performance.now() > this.deadline) break;
    }
  }

  /** Stops sampling and waits (at most `timeoutMs`) for the sampled rows still missing. */
  async finish(timeoutMs = 30_000) {
    this.running = false;
    this.deadline = performance.now() + timeoutMs;
    await this.loop;
    const sorted = [...this.lags].sort((a, b) => a - b);
    return { samples: sorted.length, unseen: this.pending.size, lag_p50_ms: percentile(sorted, 50), lag_p99_ms: percentile(sorted, 99), lag_max_ms: sorted.at(-1) ?? null, probes: this.probes };
  }
}

export async function historyCount(base, table, partnerId) {
  const { count } = await call(base, "POST", "/__bench/d1-count", { body: { table, partnerId } });
  return count;
}

/** Polls until the partner's rows in `table` reach `expected`; the milliseconds that took, or null on timeout. */
export async function waitForHistory(base, table, partnerId, expected, timeoutMs = 60_000) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await historyCount(base, table, partnerId)) >= expected) return performance.now() - started;
    await sleep(probe_interval_ms * 2);
  }
  return null;
}

export { percentile };

// A bounded map with expiry, kept in one isolate's memory: what was verified once need not be verified on
// every request. Nothing here is shared between isolates, so it may only hold what is true wherever it is read.

export class IsolateCache<Value> {
  private readonly entries = new Map<string, { value: Value; expiresAtMs: number }>();

  constructor(private readonly entriesMax: number) {}

  /** The value stored under `key`, unless it has expired (then it is forgotten). */
  get(key: string, nowMs: number): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` until `expiresAtMs`; when full, the entry stored longest ago makes room. */
  set(key: string, value: Value, expiresAtMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.entriesMax) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}

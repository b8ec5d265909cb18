// A D1 double for fault injection: it wraps the real binding and fails batches on demand.
export type FailureMode = "healthy" | "down" | "overloaded" | "lose-ack";

export class FailingD1 implements D1Database {
  mode: FailureMode = "down";
  /** Batches to fail before healing by itself; Infinity keeps failing until `mode` changes. */
  failuresLeft = Number.POSITIVE_INFINITY;
  batchCalls = 0;

  constructor(private readonly real: D1Database) {}

  prepare(query: string): D1PreparedStatement {
    return this.real.prepare(query);
  }

  async batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    this.batchCalls += 1;
    if (this.mode === "healthy" || this.failuresLeft <= 0) return this.real.batch<T>(statements);
    this.failuresLeft -= 1;
    if (this.mode === "down") throw new Error("D1_ERROR: simulated outage");
    if (this.mode === "overloaded") throw new Error("D1_ERROR: D1 DB is overloaded. Requests queued for too long.");
    // The write lands but its acknowledgement is lost: the outbox must retry without duplicating.
    await this.real.batch<T>(statements);
    throw new Error("D1_ERROR: simulated lost acknowledgement");
  }

  exec(query: string): Promise<D1ExecResult> {
    return this.real.exec(query);
  }

  withSession(constraintOrBookmark?: string): D1DatabaseSession {
    return this.real.withSession(constraintOrBookmark);
  }

  dump(): Promise<ArrayBuffer> {
    return this.real.dump();
  }
}

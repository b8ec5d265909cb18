// A D1 that is down for every query, the way a lost connection fails: each statement rejects when run.
// Drizzle wraps such a failure in an error whose message repeats the query's bound values (API keys,
// hashes), which is what the Worker must keep out of its logs.
class DownStatement {
  bind(): DownStatement {
    return this;
  }
  private fail(): Promise<never> {
    return Promise.reject(new Error("D1_ERROR: Network connection lost."));
  }
  first(): Promise<never> {
    return this.fail();
  }
  all(): Promise<never> {
    return this.fail();
  }
  raw(): Promise<never> {
    return this.fail();
  }
  run(): Promise<never> {
    return this.fail();
  }
}

export function downD1(): D1Database {
  const down = {
    prepare: () => new DownStatement(),
    batch: () => Promise.reject(new Error("D1_ERROR: Network connection lost.")),
    exec: () => Promise.reject(new Error("D1_ERROR: Network connection lost.")),
  };
  return down as unknown as D1Database;
}

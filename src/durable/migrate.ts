// Runs an object's append-only storage steps once each, in order, in one transaction.

export function migrateStorage(storage: DurableObjectStorage, steps: readonly string[]): void {
  storage.transactionSync(() => {
    storage.sql.exec("CREATE TABLE IF NOT EXISTS schema_steps (step INTEGER PRIMARY KEY)");
    const applied = storage.sql.exec<{ step: number | null }>("SELECT MAX(step) AS step FROM schema_steps").one().step ?? 0;
    for (let step = applied; step < steps.length; step += 1) {
      storage.sql.exec(steps[step] ?? "");
      storage.sql.exec("INSERT INTO schema_steps (step) VALUES (?)", step + 1);
    }
  });
}

/** The tables every ledger object shares: idempotency records, the outbox and its id blocks. */
export const commonSteps = `
   CREATE TABLE idempotency_records (
     key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, value TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
   CREATE INDEX idempotency_records_age ON idempotency_records (created_at_ms);
   CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
   CREATE TABLE id_blocks (first INTEGER PRIMARY KEY, last INTEGER NOT NULL, next INTEGER NOT NULL);`;

/** True once the object's schema exists, that is once something was ever written to it. */
export function hasStorageSchema(storage: DurableObjectStorage): boolean {
  return storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_steps'").toArray().length > 0;
}

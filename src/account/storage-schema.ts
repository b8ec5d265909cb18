// The account object's own SQLite schema. Steps are append-only; each runs once, in order.

const steps: readonly string[] = [
  `CREATE TABLE account (
     singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
     id INTEGER NOT NULL, partner_id TEXT NOT NULL, user_id TEXT, name TEXT NOT NULL, reference TEXT,
     type TEXT NOT NULL, number TEXT NOT NULL, base_currency TEXT NOT NULL, funding_currencies TEXT NOT NULL,
     status TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE balances (
     currency TEXT NOT NULL, bucket TEXT NOT NULL,
     credits_minor INTEGER NOT NULL, debits_minor INTEGER NOT NULL,
     PRIMARY KEY (currency, bucket));
   CREATE TABLE transactions (
     id INTEGER PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, amount_minor INTEGER NOT NULL,
     currency TEXT NOT NULL, description TEXT NOT NULL, provider TEXT, metadata TEXT, user_id TEXT,
     created_at TEXT NOT NULL);
   CREATE TABLE journal_entries (
     transaction_id INTEGER NOT NULL, leg INTEGER NOT NULL, ledger_account TEXT NOT NULL, currency TEXT NOT NULL,
     direction TEXT NOT NULL, amount_minor INTEGER NOT NULL, created_at TEXT NOT NULL,
     PRIMARY KEY (transaction_id, leg));
   CREATE TABLE idempotency_records (
     key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, value TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
   CREATE INDEX idempotency_records_age ON idempotency_records (created_at_ms);
   CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
   CREATE TABLE id_blocks (first INTEGER PRIMARY KEY, last INTEGER NOT NULL, next INTEGER NOT NULL);`,
];

export function migrateAccountStorage(storage: DurableObjectStorage): void {
  storage.transactionSync(() => {
    storage.sql.exec("CREATE TABLE IF NOT EXISTS schema_steps (step INTEGER PRIMARY KEY)");
    const applied = storage.sql.exec<{ step: number | null }>("SELECT MAX(step) AS step FROM schema_steps").one().step ?? 0;
    for (let step = applied; step < steps.length; step += 1) {
      storage.sql.exec(steps[step] ?? "");
      storage.sql.exec("INSERT INTO schema_steps (step) VALUES (?)", step + 1);
    }
  });
}

// Bytes per deposit, for docs/capacity.md: copies of the local D1 database and of the hot account's
// object's SQLite file are checkpointed and measured with SQLite's dbstat (pages per table and index).
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

// node:sqlite announces itself as experimental once; the bench's output does not need the notice.
process.removeAllListeners("warning");
const { DatabaseSync } = await import("node:sqlite");

const history_tables = ["transactions", "journal_entries", "events", "deposits", "inbound_payments"];

function sqliteFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sqliteFiles(path);
    return entry.name.endsWith(".sqlite") ? [path] : [];
  });
}

/** A consistent copy (database and WAL), folded into one file, measured table by table. */
function measure(path, scratch, countTable) {
  mkdirSync(scratch, { recursive: true });
  const copy = join(scratch, "copy.sqlite");
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  const db = new DatabaseSync(copy);
  try {
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const { page_count: pages } = db.prepare("PRAGMA page_count").get();
    const { page_size: pageSize } = db.prepare("PRAGMA page_size").get();
    const owner = new Map(db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')").all().map((row) => [row.name, row.tbl_name]));
    const tables = {};
    for (const row of db.prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name").all()) {
      const table = owner.get(row.name) ?? row.name;
      tables[table] = (tables[table] ?? 0) + row.bytes;
    }
    const rows = db.prepare(`SELECT COUNT(*) AS n FROM ${countTable}`).get().n;
    return { bytes: pages * pageSize, tables, rows };
  } finally {
    db.close();
  }
}

export function measureStorage(statePath, scratch) {
  const d1Files = sqliteFiles(join(statePath, "d1")).sort((a, b) => statSync(b).size - statSync(a).size);
  const accountFiles = sqliteFiles(join(statePath, "do")).filter((path) => path.includes("AccountObject")).sort((a, b) => statSync(b).size - statSync(a).size);
  const result = {};
  if (d1Files[0]) {
    const d1 = measure(d1Files[0], join(scratch, "d1"), "transactions");
    const historyBytes = history_tables.reduce((sum, table) => sum + (d1.tables[table] ?? 0), 0);
    result.d1 = {
      bytes: d1.bytes,
      transactions: d1.rows,
      history_bytes: historyBytes,
      history_bytes_per_transaction: d1.rows > 0 ? Math.round(historyBytes / d1.rows) : null,
      tables: d1.tables,
    };
  }
  // Of the largest few objects, the one that kept the most idempotency records is the hot account of the
  // deposit scenarios (the drain's accounts are filled through the bench's direct credit, without keys).
  const candidates = accountFiles.slice(0, 4).map((path, index) => measure(path, join(scratch, `account-${index}`), "transactions"));
  const account = candidates.sort((a, b) => (b.tables.idempotency_records ?? 0) - (a.tables.idempotency_records ?? 0))[0];
  if (account) {
    const kept = account.bytes - (account.tables.idempotency_records ?? 0);
    result.hot_account_object = {
      bytes: account.bytes,
      transactions: account.rows,
      bytes_per_transaction: account.rows > 0 ? Math.round(account.bytes / account.rows) : null,
      // Idempotency records go after 48 hours; what stays per deposit is the rest.
      bytes_per_transaction_without_idempotency_records: account.rows > 0 ? Math.round(kept / account.rows) : null,
      tables: account.tables,
    };
  }
  return result;
}

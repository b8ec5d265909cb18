// The naive peer: a deposit as most Workers tutorials write it. Read the balance from D1, then write the
// new balance and a history row to D1. No Durable Object, no transaction around the read and the write,
// so concurrent deposits into one account lose updates; the benchmark counts how many.

export const naiveTables = [
  "CREATE TABLE IF NOT EXISTS bench_naive_balances (account_id INTEGER PRIMARY KEY, balance_minor INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS bench_naive_history (id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER NOT NULL, amount_minor INTEGER NOT NULL, balance_after_minor INTEGER NOT NULL, created_at TEXT NOT NULL)",
];

export async function naiveDeposit(db: D1Database, accountId: number, amountMinor: number): Promise<{ balance: number }> {
  const row = await db.prepare("SELECT balance_minor FROM bench_naive_balances WHERE account_id = ?").bind(accountId).first<{ balance_minor: number }>();
  const balance = (row?.balance_minor ?? 0) + amountMinor;
  await db.batch([
    db
      .prepare("INSERT INTO bench_naive_balances (account_id, balance_minor) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET balance_minor = excluded.balance_minor")
      .bind(accountId, balance),
    db
      .prepare("INSERT INTO bench_naive_history (account_id, amount_minor, balance_after_minor, created_at) VALUES (?, ?, ?, ?)")
      .bind(accountId, amountMinor, balance, new Date().toISOString()),
  ]);
  return { balance };
}

export async function naiveBalance(db: D1Database, accountId: number): Promise<{ balance: number; deposits: number; depositedMinor: number }> {
  const balance = await db.prepare("SELECT balance_minor FROM bench_naive_balances WHERE account_id = ?").bind(accountId).first<{ balance_minor: number }>();
  const history = await db
    .prepare("SELECT COUNT(*) AS deposits, COALESCE(SUM(amount_minor), 0) AS deposited FROM bench_naive_history WHERE account_id = ?")
    .bind(accountId)
    .first<{ deposits: number; deposited: number }>();
  return { balance: balance?.balance_minor ?? 0, deposits: history?.deposits ?? 0, depositedMinor: history?.deposited ?? 0 };
}

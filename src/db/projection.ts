// The D1 side of the outbox: turns what the objects committed into idempotent D1 writes.
// Each table gets ONE statement per batch whose rows arrive as a single JSON parameter, expanded by
// SQLite's json_each: no per-row statements, and no brush with D1's 100-parameter limit. Inserts are
// keyed by ledger ids and do nothing on conflict, so a batch replayed after a lost acknowledgement
// changes nothing.
import type { accounts, deposits, events, inboundPayments, journalEntries, transactions } from "./schema";

export type AccountRow = typeof accounts.$inferInsert;
export type TransactionRow = typeof transactions.$inferInsert;
export type JournalEntryRow = typeof journalEntries.$inferInsert;
export type DepositRow = typeof deposits.$inferInsert;
export type InboundPaymentRow = typeof inboundPayments.$inferInsert;
export type EventRow = Omit<typeof events.$inferInsert, "seq">;

/** Everything one committed command asks D1 to record. An event's `createdAt` is its change's commit time. */
export type ProjectionRecord = {
  accounts?: AccountRow[];
  transactions?: TransactionRow[];
  entries?: JournalEntryRow[];
  deposits?: DepositRow[];
  inboundPayments?: InboundPaymentRow[];
  /** In the order the changes committed; D1 numbers them as it inserts them. */
  events?: EventRow[];
};

/** Table columns, each read from the row's JSON key of the same meaning. */
type Columns = readonly (readonly [column: string, key: string])[];

function insertFromJson(table: string, columns: Columns, tail: string, computed: Record<string, string> = {}): string {
  const names = [...columns.map(([column]) => column), ...Object.keys(computed)].join(", ");
  const values = [...columns.map(([, key]) => `json_extract(value, '$.${key}')`), ...Object.values(computed)].join(", ");
  // `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint; `ORDER BY key` keeps array order.
  return `INSERT INTO ${table} (${names}) SELECT ${values} FROM json_each(?1) WHERE true ORDER BY key ${tail}`;
}

const accountColumns: Columns = [
  ["id", "id"], ["partner_id", "partnerId"], ["user_id", "userId"], ["name", "name"], ["reference", "reference"], ["type", "type"],
  ["number", "number"], ["base_currency", "baseCurrency"], ["funding_currencies", "fundingCurrencies"], ["status", "status"], ["created_at", "createdAt"],
];
const transactionColumns: Columns = [
  ["id", "id"], ["partner_id", "partnerId"], ["account_id", "accountId"], ["user_id", "userId"], ["kind", "kind"], ["status", "status"],
  ["amount_minor", "amountMinor"], ["currency", "currency"], ["description", "description"], ["provider", "provider"], ["metadata", "metadata"],
  ["created_at", "createdAt"], ["deposit_id", "depositId"],
];
const entryColumns: Columns = [
  ["transaction_id", "transactionId"], ["leg", "leg"], ["partner_id", "partnerId"], ["account_id", "accountId"], ["ledger_account", "ledgerAccount"],
  ["currency", "currency"], ["direction", "direction"], ["amount_minor", "amountMinor"], ["created_at", "createdAt"],
];
const depositColumns: Columns = [
  ["id", "id"], ["partner_id", "partnerId"], ["account_id", "accountId"], ["amount_minor", "amountMinor"], ["currency", "currency"],
  ["payment_reference", "paymentReference"], ["was_advanced", "wasAdvanced"], ["status", "status"], ["created_at", "createdAt"],
  ["modified_at", "modifiedAt"], ["advanced_at", "advancedAt"], ["completed_at", "completedAt"], ["canceled_at", "canceledAt"], ["version", "version"],
];
const paymentColumns: Columns = [
  ["id", "id"], ["partner_id", "partnerId"], ["payment_reference", "paymentReference"], ["amount_minor", "amountMinor"], ["currency", "currency"],
  ["status", "status"], ["deposit_ids", "depositIds"], ["created_at", "createdAt"],
];
const eventColumns: Columns = [
  ["uid", "uid"], ["partner_id", "partnerId"], ["name", "name"], ["resource_type", "resourceType"], ["resource_id", "resourceId"], ["data", "data"],
];
/**
 * An event's created_at is when it entered the feed, stamped by D1's single writer as it inserts it: the
 * latest of D1's clock, the newest commit time in the batch and the feed's newest created_at. So it never
 * runs backwards along the feed's order (seq), whatever order the objects' history arrives in and even if a
 * clock does, and it is never earlier than the change it announces. Every row of one statement shares it:
 * neither subquery depends on the row, so SQLite evaluates each once, before the sorted rows are inserted.
 * The index `events_created` makes the feed's newest created_at one lookup.
 */
const feed_time =
  "max(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT max(json_extract(value, '$.createdAt')) FROM json_each(?1)), " +
  "coalesce((SELECT max(created_at) FROM events), ''))";

const statements = {
  accounts: insertFromJson("accounts", accountColumns, "ON CONFLICT DO NOTHING"),
  transactions: insertFromJson("transactions", transactionColumns, "ON CONFLICT DO NOTHING"),
  entries: insertFromJson("journal_entries", entryColumns, "ON CONFLICT DO NOTHING"),
  // A replayed or reordered batch never takes a deposit back to an older state.
  deposits: insertFromJson(
    "deposits",
    depositColumns,
    "ON CONFLICT (id) DO UPDATE SET status = excluded.status, modified_at = excluded.modified_at, advanced_at = excluded.advanced_at, " +
      "completed_at = excluded.completed_at, canceled_at = excluded.canceled_at, version = excluded.version WHERE excluded.version > deposits.version",
  ),
  inboundPayments: insertFromJson("inbound_payments", paymentColumns, "ON CONFLICT DO NOTHING"),
  events: insertFromJson("events", eventColumns, "ON CONFLICT DO NOTHING", { created_at: feed_time }),
} as const;

/**
 * Writes the records in one D1 batch: all of them land, or none do and the outbox keeps them.
 * Events go last, after the rows they describe, so a partner who hears of a change can read it.
 */
export async function project(db: D1Database, records: readonly ProjectionRecord[]): Promise<void> {
  const rowsOf = (key: keyof ProjectionRecord): unknown[] => records.flatMap((record): unknown[] => record[key] ?? []);
  const tables: [string, unknown[]][] = [
    [statements.accounts, rowsOf("accounts")],
    [statements.transactions, rowsOf("transactions")],
    [statements.entries, rowsOf("entries")],
    [statements.deposits, rowsOf("deposits")],
    [statements.inboundPayments, rowsOf("inboundPayments")],
    [statements.events, rowsOf("events")],
  ];
  const batch = tables.filter(([, rows]) => rows.length > 0).map(([statement, rows]) => db.prepare(statement).bind(JSON.stringify(rows)));
  if (batch.length > 0) await db.batch(batch);
}

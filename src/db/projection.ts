// The D1 side of the outbox: turns what an account object committed into idempotent D1 writes.
// Inserts are keyed by ledger ids and do nothing on conflict, so a batch replayed after a lost
// acknowledgement changes nothing.
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "./client";
import { accounts, deposits, events, inboundPayments, journalEntries, transactions } from "./schema";

export type AccountRow = typeof accounts.$inferInsert;
export type TransactionRow = typeof transactions.$inferInsert;
export type JournalEntryRow = typeof journalEntries.$inferInsert;
export type DepositRow = typeof deposits.$inferInsert;
export type InboundPaymentRow = typeof inboundPayments.$inferInsert;
export type EventRow = Omit<typeof events.$inferInsert, "seq">;

/** Everything one committed command asks D1 to record. */
export type ProjectionRecord = {
  accounts?: AccountRow[];
  transactions?: TransactionRow[];
  entries?: JournalEntryRow[];
  deposits?: DepositRow[];
  inboundPayments?: InboundPaymentRow[];
  /** In the order the changes committed; D1 numbers them as it inserts them. */
  events?: EventRow[];
};

// D1 binds at most 100 parameters per statement; rows per statement are chosen to stay under it.
const rows_per_statement_max = { accounts: 8, transactions: 7, entries: 10, deposits: 7, inboundPayments: 12, events: 12 } as const;

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += size) result.push(rows.slice(start, start + size));
  return result;
}

export function projectionStatements(db: Database, records: readonly ProjectionRecord[]): BatchItem<"sqlite">[] {
  const accountRows = records.flatMap((record) => record.accounts ?? []);
  const transactionRows = records.flatMap((record) => record.transactions ?? []);
  const entryRows = records.flatMap((record) => record.entries ?? []);
  const depositRows = latestVersions(records.flatMap((record) => record.deposits ?? []));
  const paymentRows = records.flatMap((record) => record.inboundPayments ?? []);
  return [
    ...chunks(accountRows, rows_per_statement_max.accounts).map((rows) => db.insert(accounts).values(rows).onConflictDoNothing()),
    ...chunks(transactionRows, rows_per_statement_max.transactions).map((rows) => db.insert(transactions).values(rows).onConflictDoNothing()),
    ...chunks(entryRows, rows_per_statement_max.entries).map((rows) => db.insert(journalEntries).values(rows).onConflictDoNothing()),
    ...chunks(depositRows, rows_per_statement_max.deposits).map((rows) =>
      db
        .insert(deposits)
        .values(rows)
        .onConflictDoUpdate({
          target: deposits.id,
          set: {
            status: sql`excluded.status`,
            modifiedAt: sql`excluded.modified_at`,
            advancedAt: sql`excluded.advanced_at`,
            completedAt: sql`excluded.completed_at`,
            canceledAt: sql`excluded.canceled_at`,
            version: sql`excluded.version`,
          },
          // A replayed or reordered batch never takes a deposit back to an older state.
          setWhere: sql`excluded.version > ${deposits.version}`,
        }),
    ),
    ...chunks(paymentRows, rows_per_statement_max.inboundPayments).map((rows) => db.insert(inboundPayments).values(rows).onConflictDoNothing()),
  ];
}

/** One row per deposit, its newest version: a multi-row upsert may not name the same id twice. */
function latestVersions(rows: readonly DepositRow[]): DepositRow[] {
  const latest = new Map<number, DepositRow>();
  for (const row of rows) {
    const seen = latest.get(row.id ?? 0);
    if (seen === undefined || seen.version < row.version) latest.set(row.id ?? 0, row);
  }
  return [...latest.values()];
}

function eventStatements(db: Database, records: readonly ProjectionRecord[]) {
  const rows = records.flatMap((record) => record.events ?? []);
  return chunks(rows, rows_per_statement_max.events).map((chunk) =>
    db.insert(events).values(chunk).onConflictDoNothing().returning({ seq: events.seq, partnerId: events.partnerId }),
  );
}

/** The newest feed position each partner's events reached in one projection. */
export type FeedAdvance = Map<string, number>;

/**
 * Writes the records in one D1 batch: all of them land, or none do and the outbox keeps them.
 * Events go last, after the rows they describe, so a partner who hears of a change can read it.
 */
export async function project(db: Database, records: readonly ProjectionRecord[]): Promise<FeedAdvance> {
  const history = projectionStatements(db, records);
  const feed = eventStatements(db, records);
  const advance: FeedAdvance = new Map();
  const [first, ...rest] = [...history, ...feed];
  if (first === undefined) return advance;
  const results = await db.batch([first, ...rest]);
  for (const inserted of results.slice(history.length) as { seq: number; partnerId: string }[][]) {
    for (const row of inserted) advance.set(row.partnerId, Math.max(advance.get(row.partnerId) ?? 0, row.seq));
  }
  return advance;
}

// The payment reference object's own SQLite schema. Steps are append-only.
import { commonSteps, migrateStorage } from "../durable/migrate";

const steps: readonly string[] = [
  `CREATE TABLE deposits (
     deposit_id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, currency TEXT NOT NULL, amount_minor INTEGER NOT NULL,
     state TEXT NOT NULL, payment_id INTEGER, completed_at TEXT);
   CREATE INDEX deposits_open ON deposits (state, currency);
   CREATE TABLE payments (
     id INTEGER PRIMARY KEY, payment_reference TEXT NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,
     status TEXT NOT NULL, deposit_ids TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE completions (
     deposit_id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, payment_id INTEGER NOT NULL, completed_at TEXT NOT NULL);
   ${commonSteps}`,
  // Deposits reserved before their account commits them (state 'reserved', not yet matchable), when a cancel was
  // decided (the audit's clock), and whether each account may take money in now (commands.ts AccountStanding).
  `ALTER TABLE deposits ADD COLUMN reserved_at_ms INTEGER;
   ALTER TABLE deposits ADD COLUMN canceled_at_ms INTEGER;
   CREATE TABLE account_standing (account_id INTEGER PRIMARY KEY, active INTEGER NOT NULL, version INTEGER NOT NULL);`,
];

export function migrateReferenceStorage(storage: DurableObjectStorage): void {
  migrateStorage(storage, steps);
}

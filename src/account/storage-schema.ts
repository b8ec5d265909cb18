// The account object's own SQLite schema. Steps are append-only; each runs once, in order.
import { commonSteps, migrateStorage } from "../durable/migrate";

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
   ${commonSteps}`,
  `CREATE TABLE deposits (
     id INTEGER PRIMARY KEY, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, payment_reference TEXT NOT NULL,
     was_advanced INTEGER NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, modified_at TEXT NOT NULL,
     advanced_at TEXT, completed_at TEXT, canceled_at TEXT, version INTEGER NOT NULL);
   CREATE INDEX deposits_status ON deposits (status, id);
   ALTER TABLE transactions ADD COLUMN deposit_id INTEGER;
   CREATE TABLE reference_registrations (deposit_id INTEGER PRIMARY KEY);`,
  // A cancel the payment reference may have agreed to but this account has not applied yet.
  `CREATE TABLE cancel_intents (deposit_id INTEGER PRIMARY KEY, idempotency_key TEXT, request_hash TEXT);`,
  // The owner's status (src/account/owner-status.ts). An account opened before this step starts unconfirmed,
  // and confirms once everything its outbox held by then has reached D1, its registry row among it.
  `CREATE TABLE account_owner (
     singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
     status TEXT NOT NULL, status_version INTEGER NOT NULL, registry_outbox_seq INTEGER NOT NULL, confirmed INTEGER NOT NULL);
   INSERT INTO account_owner (singleton, status, status_version, registry_outbox_seq, confirmed)
     SELECT 1, 'unknown', -1, (SELECT COALESCE(MAX(seq), 0) FROM outbox), 0 FROM account WHERE user_id IS NOT NULL;`,
];

export function migrateAccountStorage(storage: DurableObjectStorage): void {
  migrateStorage(storage, steps);
}

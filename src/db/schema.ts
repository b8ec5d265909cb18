// The D1 store: tenants and their users, the account registry, and the history projected from
// each account's Durable Object. Balances are never read from here for a decision; the objects own them.

import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const partners = sqliteTable("partners", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  apiKey: text("api_key").notNull().unique(),
  /** SHA-256 of the API secret, hex. The secret itself is shown once and never stored. */
  apiSecretHash: text("api_secret_hash").notNull(),
  createdAt: text("created_at").notNull(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull().references(() => partners.id),
    userType: text("user_type", { enum: ["personal", "business"] }).notNull(),
    email: text("email").notNull(),
    countryCode: text("country_code").notNull(),
    phone: text("phone"),
    preferredLanguage: text("preferred_language"),
    status: text("status", { enum: ["pending", "active", "suspended", "banned"] }).notNull(),
    /**
     * Raised by every status change. The user's account objects keep a copy of the status for the
     * deposit path and keep the copy with the highest version, whatever order the copies arrive in.
     */
    statusVersion: integer("status_version").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [uniqueIndex("users_partner_email").on(table.partnerId, table.email)],
);

export const refreshTokens = sqliteTable("refresh_tokens", {
  /** SHA-256 of the opaque refresh token, hex. */
  tokenHash: text("token_hash").primaryKey(),
  partnerId: text("partner_id").notNull(),
  userId: text("user_id").notNull(),
  expiresAt: text("expires_at").notNull(),
  createdAt: text("created_at").notNull(),
});

/** The account registry: who owns which account. Written through the owning object's outbox. */
export const accounts = sqliteTable(
  "accounts",
  {
    id: integer("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    /** The Qash user who owns the account; null for accounts opened through the Sophic dialect. */
    userId: text("user_id"),
    name: text("name").notNull(),
    reference: text("reference"),
    type: text("type").notNull(),
    number: text("number").notNull().unique(),
    baseCurrency: text("base_currency").notNull(),
    /** JSON array of currency codes the account accepts. */
    fundingCurrencies: text("funding_currencies").notNull(),
    status: text("status").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    index("accounts_partner_user").on(table.partnerId, table.userId, table.id),
    index("accounts_partner").on(table.partnerId, table.id),
  ],
);

/** One row per ledger transaction (a Qash credit, a Sophic deposit's movements), keyed by ledger id. */
export const transactions = sqliteTable(
  "transactions",
  {
    id: integer("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    accountId: integer("account_id").notNull(),
    userId: text("user_id"),
    /** `deposit` (a Qash credit), `deposit_open`, `deposit_completion` or `deposit_cancel` (Sophic deposits). */
    kind: text("kind").notNull(),
    status: text("status").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    provider: text("provider"),
    /** JSON object, at most `metadata_bytes_max`. */
    metadata: text("metadata"),
    createdAt: text("created_at").notNull(),
    /** The Sophic deposit a `deposit_*` transaction belongs to. */
    depositId: integer("deposit_id"),
  },
  (table) => [
    index("transactions_partner_account").on(table.partnerId, table.accountId, table.id),
    index("transactions_partner_user").on(table.partnerId, table.userId, table.id),
  ],
);

/** The double-entry legs of every transaction, as committed by the account's object. */
export const journalEntries = sqliteTable(
  "journal_entries",
  {
    transactionId: integer("transaction_id").notNull(),
    /** The leg's position within its transaction: legs are keyed by (transaction, leg). */
    leg: integer("leg").notNull(),
    partnerId: text("partner_id").notNull(),
    accountId: integer("account_id").notNull(),
    /** `account:<id>:<bucket>` for the account's own buckets, `clearing:<partner>:<currency>` for the counter-leg. */
    ledgerAccount: text("ledger_account").notNull(),
    currency: text("currency").notNull(),
    direction: text("direction", { enum: ["debit", "credit"] }).notNull(),
    amountMinor: integer("amount_minor").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.transactionId, table.leg] }),
    index("journal_entries_account").on(table.accountId, table.transactionId),
    index("journal_entries_ledger_account").on(table.ledgerAccount),
  ],
);


/** Sophic deposits as their account objects last projected them; `version` only ever grows. */
export const deposits = sqliteTable(
  "deposits",
  {
    id: integer("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    accountId: integer("account_id").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    paymentReference: text("payment_reference").notNull(),
    wasAdvanced: integer("was_advanced", { mode: "boolean" }).notNull(),
    status: text("status", { enum: ["open", "completed", "canceled"] }).notNull(),
    createdAt: text("created_at").notNull(),
    modifiedAt: text("modified_at").notNull(),
    advancedAt: text("advanced_at"),
    completedAt: text("completed_at"),
    canceledAt: text("canceled_at"),
    /** Bumped by every change, so a late, older projection never overwrites a newer one. */
    version: integer("version").notNull(),
  },
  (table) => [index("deposits_partner_account").on(table.partnerId, table.accountId, table.id), index("deposits_reference").on(table.partnerId, table.paymentReference)],
);

/** Payments partners reported, matched to deposits or kept for review. */
export const inboundPayments = sqliteTable(
  "inbound_payments",
  {
    id: integer("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    paymentReference: text("payment_reference").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["matched", "unmatched"] }).notNull(),
    /** JSON array of the deposit ids the payment completed. */
    depositIds: text("deposit_ids").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("inbound_payments_partner").on(table.partnerId, table.id)],
);

/**
 * The partners' change feed. `seq` is assigned by D1 when a row is inserted; D1 has one writer, so
 * once a reader sees a seq every smaller one has committed, and paging by seq never skips or repeats.
 */
export const events = sqliteTable(
  "events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    /** `<name>:<resource id>`: each change emits its event once, however often its batch is retried. */
    uid: text("uid").notNull().unique(),
    partnerId: text("partner_id").notNull(),
    name: text("name").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id").notNull(),
    /** JSON snapshot of the resource at the moment of the change, rendered on read. */
    data: text("data").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    index("events_partner_seq").on(table.partnerId, table.seq),
    index("events_partner_resource").on(table.partnerId, table.resourceId, table.seq),
    index("events_created").on(table.createdAt),
  ],
);

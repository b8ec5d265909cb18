// Bounds of the account object's background work.

/** Outbox rows carried by one D1 batch. */
export const outbox_rows_per_drain_max = 200;
/** The least time between two batches of a ledger object's drain into its hub, unless a batch is full. */
export const outbox_batch_interval_ms = 20;
/**
 * The least time between two of a hub's batches into D1, unless a batch is full. Longer than an object's: a
 * hub gathers the commits of many objects, and each batch it spares saves D1 a whole call.
 */
export const hub_batch_interval_ms = 50;
/**
 * Projection hubs per D1 database. Each ledger object always drains into the same one (by its id), so its
 * records reach D1 in commit order. More hubs carry more objects' drains; fewer fill each D1 batch more.
 */
export const projection_hubs = 4;
/** How much time one summary log line of an object's drains covers. */
export const drain_summary_ms = 60_000;
/** First and largest delay between projection retries after D1 failed. */
export const projection_retry_ms_min = 250;
export const projection_retry_ms_max = 60_000;
/** The alarm that catches a drain lost to an eviction fires this long after a commit. */
export const projection_fallback_ms = 2_000;
/** How often a busy account whose owner's status copy is unconfirmed asks D1 to confirm it. */
export const owner_confirm_retry_ms = 1_000;
/**
 * How long an account may take, after its payment reference reserved a deposit, to commit it: past this the
 * account gives the deposit up (and says so), so the reference may safely forget a reservation older than
 * `reservation_stale_ms` that the account says it does not hold.
 */
export const reservation_commit_window_ms = 10_000;
export const reservation_stale_ms = 60_000;

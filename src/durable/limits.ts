// Bounds of the account object's background work.

/** Outbox rows carried by one D1 batch. */
export const outbox_rows_per_drain_max = 200;
/**
 * The least time between two batches of one object's drain, unless a batch is full: rows committed meanwhile
 * ride in the next batch, so under load one D1 call carries many commits instead of one or two each.
 */
export const projection_batch_interval_ms = 20;
/** How much time one summary log line of an object's drains covers. */
export const drain_summary_ms = 60_000;
/** First and largest delay between projection retries after D1 failed. */
export const projection_retry_ms_min = 250;
export const projection_retry_ms_max = 60_000;
/** The alarm that catches a drain lost to an eviction fires this long after a commit. */
export const projection_fallback_ms = 2_000;

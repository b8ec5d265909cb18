// Bounds of the account object's background work.

/** Outbox rows carried by one D1 batch. */
export const outbox_rows_per_drain_max = 200;
/** First and largest delay between projection retries after D1 failed. */
export const projection_retry_ms_min = 250;
export const projection_retry_ms_max = 60_000;
/** The alarm that catches a drain lost to an eviction fires this long after a commit. */
export const projection_fallback_ms = 2_000;

// Bounds of id allocation.

/** The first id the ledger hands out; smaller numbers are never used, so they never look like ids. */
export const id_first = 1_001;
/** The largest block one reservation may take. */
export const id_block_size_max = 10_000;
/** How many ids an account object reserves at a time. */
export const id_block_size = 1_000;
/** Below this many ids left, an account object reserves its next block in the background. */
export const id_block_refill_below = 200;

// Every bound of the ledger, named with its unit last. The README's "Limits" section mirrors this file.

/** Largest request body any endpoint reads. */
export const body_bytes_max = 64 * 1024;

/** Most problems one refused JSON body lists (inexact numbers, lone surrogates): the first few say enough. */
export const json_problems_max = 20;

/** Longest Idempotency-Key accepted (both vendors document 255). */
export const idempotency_key_chars_max = 255;
/** How long an idempotency record replays its first response. */
export const idempotency_retention_ms = 48 * 60 * 60 * 1000;

/** Largest amount one deposit may carry, in the currency's minor unit. */
export const deposit_amount_minor_max = 1_000_000_000_000_000;
/**
 * Largest amount one inbound payment may carry. The open deposits of one payment reference may never sum to
 * more, so whatever a reference holds open, one payment can fund it all (src/reference/commands.ts).
 */
export const payment_amount_minor_max = deposit_amount_minor_max;
/** Largest balance one bucket may hold: the largest integer a JSON number carries exactly (2^53 - 1). */
export const balance_minor_max = Number.MAX_SAFE_INTEGER;

/** Longest free-text description on a deposit or account. */
export const description_chars_max = 500;
/** Largest metadata object on a deposit, as serialized JSON. */
export const metadata_bytes_max = 4 * 1024;
/** Longest name, email or other short identifying string. */
export const short_text_chars_max = 255;

/**
 * Requests one partner may make per period, across both dialects. The binding PARTNER_RATE_LIMITER of
 * wrangler.toml enforces it (the platform allows a period of 10 or 60 seconds only); these constants
 * repeat its numbers for the 429's Retry-After and for the README, and a test holds the two together.
 */
export const partner_requests_per_period_max = 600;
export const partner_rate_period_seconds = 10;

/** Default and largest page of any list. */
export const page_size_default = 20;
export const page_size_max = 100;

/** Qash user access token and refresh token lifetimes. */
export const qash_access_token_seconds = 60 * 60;
export const qash_refresh_token_seconds = 30 * 24 * 60 * 60;
/** Sophic client-credentials access token lifetime. */
export const sophic_access_token_seconds = 15 * 60;

/** The longest a long-polling `GET /events?wait=` holds the request open. */
export const events_wait_seconds_max = 25;
/** While holding it, the feed is read again at least this often, whatever the hub says. */
export const events_recheck_ms = 2_000;
/** While anyone long-polls a partner's feed, its hub reads the feed's newest position this often. */
export const events_watch_ms = 200;
/** How long events stay in the feed before the daily clean-up removes them. */
export const events_retention_days = 35;

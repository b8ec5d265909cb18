// The test-only binding of vitest.config.ts: the partner limiter with a budget a test can exhaust.
declare global {
  namespace Cloudflare {
    interface Env {
      TIGHT_PARTNER_RATE_LIMITER: RateLimit;
    }
  }
}

export {};

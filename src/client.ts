// The typed client for partners writing TypeScript: hono/client over this Worker's own route types.
//
//   import { createClient } from "deposit-ledger/src/client";
//   const ledger = createClient("https://ledger.example.com", { headers: { "X-Api-Key": key, "X-Api-Secret": secret } });
//   const response = await ledger.api.v1.user.deposit.$post(
//     { json: { toAccountId: 1001, amount: 100000, currency: "MXN", provider: "irisbank", description: "Top-up" } },
//     { headers: { Authorization: `Bearer ${accessToken}`, "Idempotency-Key": "topup-42" } },
//   );
//   if (response.status === 200) console.log((await response.json()).status); // "COMPLETED", typed
//
// Paths, path parameters, query strings, JSON bodies and each documented status's body are all typed;
// a status the route does not declare is not. Types only: nothing of the Worker is bundled into a client.
import { hc, type ClientRequestOptions } from "hono/client";
import type { App } from "./app";

export type { App };

/**
 * The client's type, computed once here rather than at every call site: with this many routes,
 * letting each `hc<App>()` be inferred afresh makes editors and `tsc` noticeably slower.
 */
export type LedgerClient = ReturnType<typeof hc<App>>;

/**
 * Options for `POST /auth/token`: Sophic's token endpoint reads `application/x-www-form-urlencoded` (RFC 6749),
 * and hono/client's `form` sends multipart, so the body goes in as URLSearchParams instead:
 * `await ledger.auth.token.$post(undefined, clientCredentials(apiKey, apiSecret))`.
 */
export function clientCredentials(clientId: string, clientSecret: string): ClientRequestOptions {
  return { init: { body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }) } };
}

/** A client of the ledger at `baseUrl`; `options.headers` are sent with every call, `options.fetch` replaces fetch. */
export function createClient(baseUrl: string, options?: ClientRequestOptions): LedgerClient {
  return hc<App>(baseUrl, options);
}

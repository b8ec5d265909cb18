// Assembles the Worker's HTTP surface: shared middleware, each dialect's routes, the OpenAPI document.
import type { Context } from "hono";
import type { AppEnv } from "./env";
import { ApiError } from "./errors/api-error";
import { oauth_token_path } from "./errors/dialect";
import { renderError } from "./errors/render";
import { allowedMethodsOf } from "./http/allowed-methods";
import { readJsonBody } from "./http/json-body";
import { limitBody, neverStored, requestContext } from "./http/middleware";
import { refuseInsecureSecrets } from "./http/secrets-guard";
import { createRouter } from "./http/router";
import { healthRoutes } from "./http/health-routes";
import { docsRoutes } from "./docs/routes";
import { eventsRoutes } from "./events/routes";
import { adminAuditRoutes } from "./admin/audit-routes";
import { qashAccountRoutes } from "./qash/account-routes";
import { qashDepositRoutes } from "./qash/deposit-routes";
import { qashTransactionRoutes } from "./qash/transaction-routes";
import { adminRoutes } from "./admin/routes";
import { qashPartnerAuthRoutes } from "./qash/partner-auth-routes";
import { qashPartnerUserRoutes } from "./qash/partner-users-routes";
import { qashUserRoutes } from "./qash/user-routes";
import { sophicAuthRoutes } from "./sophic/auth-routes";
import { sophicAccountRoutes } from "./sophic/account-routes";
import { sophicDepositRoutes } from "./sophic/deposit-routes";
import { sophicTransactionRoutes } from "./sophic/transaction-routes";
import { sophicInboundPaymentRoutes } from "./sophic/inbound-payment-routes";

/**
 * OpenAPI 3.1's License Object names the license by its SPDX `identifier`; the config type the document is
 * built from predates that field, so the object is passed as a value rather than a checked literal.
 */
const license = { name: "Apache-2.0", identifier: "Apache-2.0" };

export function createApp() {
  const app = createRouter();
  app.use("*", requestContext);
  // Outside the body limit and the secrets guard, so that their 413 and 503 are marked too.
  app.use(oauth_token_path, neverStored);
  app.use("*", refuseInsecureSecrets);
  app.use("*", limitBody);
  app.use("*", readJsonBody);

  // One chained expression, so the type of `routes` (and so `App`) carries every route for hono/client.
  // A router mounted in a separate statement still serves requests, but its routes vanish from `App`.
  const routes = app
    .route("/", healthRoutes)
    .route("/", docsRoutes)
    .route("/", adminRoutes)
    .route("/api/v1", qashPartnerUserRoutes)
    .route("/api/v1", qashPartnerAuthRoutes)
    .route("/api/v1", qashUserRoutes)
    .route("/api/v1", qashAccountRoutes)
    .route("/api/v1", qashDepositRoutes)
    .route("/api/v1", qashTransactionRoutes)
    .route("/", sophicAuthRoutes)
    .route("/", sophicAccountRoutes)
    .route("/", sophicDepositRoutes)
    .route("/", sophicTransactionRoutes)
    .route("/", sophicInboundPaymentRoutes)
    // New routers join the chain here, before the semicolon.
    .route("/", eventsRoutes)
    .route("/", adminAuditRoutes);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "deposit-ledger",
      version: "0.1.0",
      description: "An exact deposit ledger with two API dialects: Qash (/api/v1) and Sophic (root paths).",
      license,
    },
    // Relative, so it resolves against wherever the document was fetched from: Swagger UI's "Try it out"
    // calls the very Worker that served /docs, on localhost or deployed, and the document is the same
    // bytes everywhere (no host baked in that a copy behind another domain would get wrong).
    servers: [{ url: "/", description: "The Worker that served this document" }],
  });

  // Reached when no route took the request: a path that exists with other methods is 405, and says which.
  const allowedMethods = allowedMethodsOf(app.routes);
  app.notFound((c: Context<AppEnv>) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length === 0) return renderError(new ApiError(404, "not_found", `No route for ${c.req.method} ${c.req.path}`), c);
    c.header("Allow", allowed.join(", "));
    return renderError(new ApiError(405, "method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}; it takes ${allowed.join(", ")}`), c);
  });
  app.onError((error, c) => renderError(error, c));
  return routes;
}

export const app = createApp();
/** The whole HTTP surface as a type: `hc<App>(baseUrl)` from hono/client gives typed calls (see src/client.ts). */
export type App = typeof app;

// Assembles the Worker's HTTP surface: shared middleware, each dialect's routes, the OpenAPI document.
import type { Context } from "hono";
import type { AppEnv } from "./env";
import { ApiError } from "./errors/api-error";
import { renderError } from "./errors/render";
import { limitBody, requestContext } from "./http/middleware";
import { createRouter } from "./http/router";
import { healthRoutes } from "./routes/health";
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

export function createApp() {
  const app = createRouter();
  app.use("*", requestContext);
  app.use("*", limitBody);

  app.route("/", healthRoutes);
  app.route("/", adminRoutes);
  app.route("/api/v1", qashPartnerUserRoutes);
  app.route("/api/v1", qashPartnerAuthRoutes);
  app.route("/api/v1", qashUserRoutes);
  app.route("/api/v1", qashAccountRoutes);
  app.route("/api/v1", qashDepositRoutes);
  app.route("/api/v1", qashTransactionRoutes);
  app.route("/", sophicAuthRoutes);
  app.route("/", sophicAccountRoutes);
  app.route("/", sophicDepositRoutes);
  app.route("/", sophicTransactionRoutes);
  app.route("/", sophicInboundPaymentRoutes);
  app.route("/", eventsRoutes);
  app.route("/", adminAuditRoutes);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "deposit-ledger",
      version: "0.1.0",
      description: "An exact deposit ledger with two API dialects: Qash (/api/v1) and Sophic (root paths).",
    },
  });

  app.notFound((c: Context<AppEnv>) => renderError(new ApiError(404, "not_found", `No route for ${c.req.method} ${c.req.path}`), c));
  app.onError((error, c) => renderError(error, c));
  return app;
}

export const app = createApp();
export type App = typeof app;

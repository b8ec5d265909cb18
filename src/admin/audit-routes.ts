// GET /admin/audit (ext): the operator's proof that no money was lost, doubled, or misrecorded.
import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../db/client";
import { queryInteger } from "../http/query";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { audit } from "./audit";
import { adminAuthErrors, adminError, requireAdmin } from "./routes";

/** Accounts one call audits at most; `next_after` pages through the rest. */
export const audit_accounts_per_call_max = 200;

const AuditQuery = z.object({
  partner_id: z.string().min(1).max(64).optional(),
  after: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: queryInteger(1, audit_accounts_per_call_max).optional(),
});

const Mismatch = z
  .object({
    account_id: z.number().int().nullable(),
    kind: z.enum(["object_journal", "history_balance", "history_transactions", "books_unbalanced"]),
    currency: z.string().optional(),
    bucket: z.string().optional(),
    transaction_kind: z.string().optional(),
    expected: z.union([z.number(), z.string()]),
    actual: z.union([z.number(), z.string()]),
  })
  .openapi("AuditMismatch");

const AuditReport = z
  .object({
    accounts_checked: z.number().int(),
    entries_checked: z.number().int(),
    mismatches: z.array(Mismatch),
    projection_backlog: z.number().int(),
    next_after: z.number().int().nullable(),
  })
  .openapi("AuditReport");

export const adminAuditRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/admin/audit",
    operationId: "auditLedger",
    tags: ["Admin"],
    summary: "Recompute every account's balances from its journal and from D1's history (ext)",
    description:
      "Drains each account's outbox, then compares: each balance with the account's own journal (object_journal), with D1's " +
      "journal (history_balance), the account's transactions with D1's (history_transactions), and debits with credits per " +
      "currency (books_unbalanced). An account whose outbox could not drain is counted in projection_backlog and compared with " +
      `its own journal only. Pages of at most ${audit_accounts_per_call_max} accounts; pass next_after as after.`,
    middleware: [requireAdmin] as const,
    security: [{ AdminToken: [] }],
    request: {
      query: AuditQuery,
    },
    responses: {
      200: { description: "The audit of one page of accounts", content: { "application/json": { schema: AuditReport } } },
      400: adminError("invalid_param", validationErrorFor(AuditQuery, { limit: "1000" }, "query")),
      ...adminAuthErrors,
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const report = await audit(c.env, database(c.env), {
      partnerId: query.partner_id,
      afterAccountId: query.after ?? 0,
      limit: query.limit ?? audit_accounts_per_call_max,
    });
    return c.json(report, 200);
  },
);

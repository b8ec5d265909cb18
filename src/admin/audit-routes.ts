// GET /admin/audit (ext): the operator's proof that no money was lost, doubled, or misrecorded.
import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../db/client";
import { queryInteger } from "../http/query";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { audit, mismatch_kinds } from "./audit";
import { adminAuthErrors, adminError, requireAdmin } from "./routes";

/** Accounts one call audits at most; `next_after` pages through the rest. */
export const audit_accounts_per_call_max = 200;
/**
 * How long a payment reference's decision may take to reach its account before the audit calls it a mismatch:
 * well past the retries' largest backoff (60 s), so a decision still being retried is in flight, not wrong.
 */
const overdue_seconds_default = 300;
const overdue_seconds_max = 7 * 24 * 60 * 60;

const AuditQuery = z.object({
  partner_id: z.string().min(1).max(64).optional(),
  after: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: queryInteger(1, audit_accounts_per_call_max).optional(),
  overdue_after_seconds: queryInteger(0, overdue_seconds_max)
    .optional()
    .openapi({ description: `How long a decision may take to reach its account before it is a mismatch; default ${overdue_seconds_default}.` }),
});

const Mismatch = z
  .object({
    account_id: z.number().int().nullable(),
    kind: z.enum(mismatch_kinds),
    currency: z.string().optional(),
    bucket: z.string().optional(),
    transaction_kind: z.string().optional(),
    deposit_id: z.number().int().optional(),
    payment_id: z.number().int().optional(),
    payment_reference: z.string().optional(),
    expected: z.union([z.number(), z.string()]),
    actual: z.union([z.number(), z.string()]),
  })
  .openapi("AuditMismatch");

const AuditReport = z
  .object({
    accounts_checked: z.number().int(),
    entries_checked: z.number().int(),
    references_checked: z.number().int(),
    mismatches: z.array(Mismatch),
    projection_backlog: z.number().int(),
    decisions_in_flight: z.number().int(),
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
      "journal (history_balance), the account's transactions with D1's (history_transactions), its deposits with D1's (history_deposit), " +
      "and debits with credits per currency (books_unbalanced). Then it holds each payment reference of the audited deposits against " +
      "their accounts: a match or cancel the account has not applied after `overdue_after_seconds` (deposit_matched_not_completed, " +
      "deposit_cancel_not_applied), a deposit never registered with its reference (deposit_not_registered), states the protocol can " +
      "never reach (deposit_completed_unmatched, deposit_canceled_but_matched, deposit_canceled_still_matchable), a matched payment " +
      "whose deposits do not sum to it (payment_amount_mismatch), a deposit funded twice (deposit_funded_twice), and D1's copy of " +
      "each payment (history_payment). Younger decisions are counted in decisions_in_flight. An object whose outbox could not drain " +
      `is counted in projection_backlog and not compared with D1. Pages of at most ${audit_accounts_per_call_max} accounts; pass next_after as after.`,
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
    const overdueBeforeMs = Date.now() - (query.overdue_after_seconds ?? overdue_seconds_default) * 1000;
    const scope = { partnerId: query.partner_id, afterAccountId: query.after ?? 0, limit: query.limit ?? audit_accounts_per_call_max };
    const report = await audit(c.env, database(c.env), scope, overdueBeforeMs);
    return c.json(report, 200);
  },
);

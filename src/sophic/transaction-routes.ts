// Sophic account activity, read from D1 where the account objects project their history.
import { createRoute, z } from "@hono/zod-openapi";
import { page_size_default } from "../config/limits";
import { database } from "../db/client";
import { listCashTransactions } from "../db/queries/sophic-transactions";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { accountCurrencyNotShown, accountNotFound, clientAuthErrors, clientGuard, sophicError } from "./guard";
import { partnerAccount } from "./partner-account";
import { transactionBody } from "./render";
import { AccountPathParams, Transaction, TransactionListQuery } from "./schemas";

export const sophicTransactionRoutes = createRouter()
  .openapi(
    createRoute({
      ...clientGuard,
      tags: ["Sophic activity"],
      method: "get",
      path: "/accounts/{account_id}/transactions",
      operationId: "sophicListTransactions",
      summary: "List account transactions",
      description:
        "Cash that reached the account's settled balance, newest first: funded deposits and Qash credits, each of type `deposit`. " +
        "Opening, advancing and canceling a deposit move only expected money and are not transactions. " +
        "The list follows the ledger within moments of each change (history is projected asynchronously).",
      request: { params: AccountPathParams, query: TransactionListQuery },
      responses: {
        200: { description: "The transactions", content: { "application/json": { schema: z.array(Transaction) } } },
        400: sophicError("invalid_param", validationErrorFor(TransactionListQuery, { transaction_types: "gift" }, "query")),
        ...accountNotFound,
        ...accountCurrencyNotShown,
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      // The account's own object decides who may see it, exactly as every other account route does.
      const view = await partnerAccount(c, c.req.valid("param").account_id);
      const query = c.req.valid("query");
      if (query.transaction_types !== undefined && !query.transaction_types.includes("deposit")) return c.json([], 200);
      const rows = await listCashTransactions(database(c.env), { partnerId: view.partnerId, accountId: view.id }, query.limit ?? page_size_default);
      return c.json(rows.map(transactionBody), 200);
    },
  );

// Qash transaction history, read from D1 where the account objects project it.
import { createRoute, z } from "@hono/zod-openapi";
import { page_size_default } from "../config/limits";
import { database } from "../db/client";
import { findAccount } from "../db/queries/accounts";
import { findTransaction, listTransactions, type TransactionRow } from "../db/queries/transactions";
import { ApiError, notFound } from "../errors/api-error";
import { createRouter } from "../http/router";
import { queryInteger } from "../http/query";
import { validationErrorFor } from "../http/validation";
import type { Currency } from "../ledger/currencies";
import { qashError } from "./identity-schemas";
import { userAuthErrors, userGuard } from "./guards";
import { TransactionItem, TransactionPage, TransactionQuery } from "./money-schemas";
import { qashRefusal } from "./refusals";

const guarded = { ...userGuard, tags: ["Qash transactions"] };
const TransactionPath = z.object({ id: queryInteger(1, Number.MAX_SAFE_INTEGER).openapi({ example: 4501 }) });
const accountNotFound = (): ApiError => qashRefusal({ kind: "account_not_found" });
const transactionNotFound = (): ApiError => notFound("Transaction");

export const qashTransactionRoutes = createRouter()
  .openapi(
    createRoute({
      ...guarded,
      method: "get",
      path: "/user/transactions",
      operationId: "qashListTransactions",
      summary: "The user's transactions, newest first",
      description: "Recent mode: `size` (default 20). Account mode: `accountId` with the required `limit` and `offset`.",
      request: { query: TransactionQuery },
      responses: {
        200: { description: "A page of transactions", content: { "application/json": { schema: TransactionPage } } },
        400: qashError(
          "Invalid paging, or accountId without limit and offset",
          validationErrorFor(TransactionQuery, { size: "1000" }, "query"),
          requiredInAccountMode("limit"),
        ),
        404: qashError("Account not found (or not the user's)", accountNotFound()),
        ...userAuthErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const user = c.get("user");
      const db = database(c.env);
      if (query.accountId === undefined) {
        const size = query.size ?? page_size_default;
        const { rows, total } = await listTransactions(db, { partnerId: user.partnerId, userId: user.id }, { limit: size, offset: 0 });
        return c.json({ items: rows.map(transactionItem), total, pages: Math.ceil(total / size), page: 1, limit: size }, 200);
      }
      if (query.limit === undefined) throw requiredInAccountMode("limit");
      if (query.offset === undefined) throw requiredInAccountMode("offset");
      const account = await findAccount(db, user.partnerId, query.accountId);
      if (account === undefined || account.userId !== user.id) throw accountNotFound();
      const { rows, total } = await listTransactions(db, { partnerId: user.partnerId, accountId: account.id }, { limit: query.limit, offset: query.offset });
      return c.json(
        { items: rows.map(transactionItem), total, pages: Math.ceil(total / query.limit), page: Math.floor(query.offset / query.limit) + 1, limit: query.limit },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      ...guarded,
      method: "get",
      path: "/user/transactions/{id}",
      operationId: "qashGetTransaction",
      summary: "One of the user's transactions",
      request: { params: TransactionPath },
      responses: {
        200: { description: "The transaction", content: { "application/json": { schema: TransactionItem } } },
        400: qashError("Invalid id", validationErrorFor(TransactionPath, { id: "abc" }, "param")),
        404: qashError("Transaction not found (or not the user's)", transactionNotFound()),
        ...userAuthErrors,
      },
    }),
    async (c) => {
      const user = c.get("user");
      const row = await findTransaction(database(c.env), { partnerId: user.partnerId, userId: user.id }, c.req.valid("param").id);
      if (row === undefined) throw transactionNotFound();
      return c.json(transactionItem(row), 200);
    },
  );

function requiredInAccountMode(field: string): ApiError {
  return new ApiError(400, "missing_param", `${field} is required with accountId`, [{ path: [field], detail: `${field} is required with accountId`, code: "missing_param" }]);
}

function transactionItem(row: TransactionRow): z.infer<typeof TransactionItem> {
  return {
    id: row.id,
    accountId: row.accountId,
    description: row.description,
    status: row.status as z.infer<typeof TransactionItem>["status"],
    amount: row.amountMinor,
    currency: row.currency as Currency,
    provider: row.provider,
    createdAt: row.createdAt,
  };
}

// Qash accounts: open one for the token's user, list them, and read their exact balances.
import { createRoute } from "@hono/zod-openapi";
import { page_size_default, page_size_max } from "../config/limits";
import { accountObject } from "../account/stub";
import type { AccountView } from "../account/commands";
import { database } from "../db/client";
import { listUserAccounts, type AccountRegistryRow } from "../db/queries/accounts";
import { honourIdempotencyKey } from "../http/idempotency";
import { idempotencyKeyErrors, idempotencyKeyParameter, jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { idAllocator } from "../ids/id-allocator";
import type { Currency } from "../ledger/currencies";
import { qashError } from "./identity-schemas";
import { userAuthErrors, userGuard } from "./guards";
import { AccountList, BalanceList, CreateAccountBody, CreatedAccount, PageQuery } from "./money-schemas";
import { qashRefusal } from "./refusals";

const guarded = { ...userGuard, tags: ["Qash accounts"] };
const invalidPaging = qashError("Invalid paging", validationErrorFor(PageQuery, { limit: "1000" }, "query"));

export const qashAccountRoutes = createRouter()
  .openapi(
    createRoute({
      ...guarded,
      middleware: [...userGuard.middleware, honourIdempotencyKey()],
      method: "post",
      path: "/user/accounts",
      operationId: "qashOpenAccount",
      summary: "Open a ledger account for the user",
      parameters: [idempotencyKeyParameter],
      request: { body: { required: true, content: { "application/json": { schema: CreateAccountBody } } } },
      responses: {
        201: { description: "The account, with a zero balance", content: { "application/json": { schema: CreatedAccount } } },
        400: qashError(
          "Invalid body, or an Idempotency-Key over 255 characters",
          validationErrorFor(CreateAccountBody, { description: "Main wallet", asset: "XYZ" }),
          validationErrorFor(CreateAccountBody, { asset: "MXN" }),
          malformedJsonError(),
          idempotencyKeyErrors.tooLong(),
        ),
        ...userAuthErrors,
        409: qashError(
          "IDEMPOTENCY_KEY_CONFLICT (the key was used with another body) or IDEMPOTENCY_KEY_IN_PROGRESS (its first request is still running)",
          idempotencyKeyErrors.conflict(),
          idempotencyKeyErrors.inProgress(),
        ),
        ...jsonBodyErrors(qashError),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const user = c.get("user");
      const { first: accountId } = await idAllocator(c.env).reserve(1);
      const result = await accountObject(c.env, accountId).open({
        accountId,
        partnerId: user.partnerId,
        userId: user.id,
        name: body.description,
        reference: null,
        type: body.type ?? "LIABILITY",
        baseCurrency: body.asset,
        fundingCurrencies: [body.asset],
        ownerStatus: user.status,
      });
      if (!result.ok) throw qashRefusal(result.refusal);
      const account = result.value;
      return c.json({ id: account.id, description: account.name, asset: account.baseCurrency, type: account.type, balance: 0 }, 201);
    },
  )
  .openapi(
    createRoute({
      ...guarded,
      method: "get",
      path: "/user/accounts",
      operationId: "qashListAccounts",
      summary: "List the user's accounts with their credits and debits",
      request: { query: PageQuery },
      responses: {
        200: { description: "The user's accounts", content: { "application/json": { schema: AccountList } } },
        400: invalidPaging,
        ...userAuthErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { accounts } = await userAccountsWithBalances(c.env, c.get("user"), query.page ?? 1, query.limit ?? page_size_max);
      return c.json(
        {
          items: accounts.map(({ row, view }) => {
            const settled = settledOf(view, row.baseCurrency as Currency);
            return { id: row.id, description: row.name, asset: row.baseCurrency as Currency, type: row.type, number: row.number, credits: settled.credits, debits: settled.debits };
          }),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      ...guarded,
      method: "get",
      path: "/user/balance",
      operationId: "qashListBalances",
      summary: "The user's account balances, exact at the moment of the call",
      request: { query: PageQuery },
      responses: {
        200: { description: "A page of balances", content: { "application/json": { schema: BalanceList } } },
        400: invalidPaging,
        ...userAuthErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = query.page ?? 1;
      const limit = query.limit ?? page_size_default;
      const { accounts, total } = await userAccountsWithBalances(c.env, c.get("user"), page, limit);
      return c.json(
        {
          items: accounts.map(({ row, view }) => {
            const settled = settledOf(view, row.baseCurrency as Currency);
            return { id: row.id, description: row.name, asset: row.baseCurrency as Currency, balance: settled.credits - settled.debits, type: row.type };
          }),
          meta: { totalItems: total, totalPages: Math.ceil(total / limit), currentPage: page, itemsPerPage: limit },
        },
        200,
      );
    },
  );

/** The registry says which accounts are the user's; each account's object says what it holds now. */
async function userAccountsWithBalances(env: Env, user: { id: string; partnerId: string }, page: number, limit: number) {
  const { rows, total } = await listUserAccounts(database(env), user.partnerId, user.id, { limit, offset: (page - 1) * limit });
  const views = await Promise.all(rows.map((row) => accountObject(env, row.id).view({ partnerId: user.partnerId, userId: user.id })));
  const accounts: { row: AccountRegistryRow; view: AccountView | null }[] = rows.map((row, index) => ({ row, view: views[index] ?? null }));
  return { accounts, total };
}

/** A Qash balance is the settled cash in the account's asset: pending and advanced funds are not spendable here. */
function settledOf(view: AccountView | null, currency: Currency): { credits: number; debits: number } {
  const bucket = view?.balances.find((balance) => balance.currency === currency && balance.bucket === "settled");
  return { credits: bucket?.creditsMinor ?? 0, debits: bucket?.debitsMinor ?? 0 };
}

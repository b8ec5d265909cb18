// Sophic accounts (ext: creation) and their cash balances, read exact from each account's object.
import { createRoute, z } from "@hono/zod-openapi";
import { accountObject } from "../account/stub";
import { accountNumberOf } from "../account/books";
import { ApiError } from "../errors/api-error";
import { honourIdempotencyKey } from "../http/idempotency";
import { thrownBy } from "../http/error-responses";
import { idempotencyKeyErrors, idempotencyKeyParameter, jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { idAllocator } from "../ids/id-allocator";
import { accountCurrencyNotShown, accountNotFound, clientAuthErrors, clientGuard, sophicError } from "./guard";
import { sophicCurrency } from "./inputs";
import { partnerAccount } from "./partner-account";
import { accountBody, cashBalancesBody, generatedAccountReference } from "./render";
import { sophicRefusal } from "./refusals";
import { Account, AccountPathParams, CashBalance, CreateAccountRequest } from "./schemas";

const tags = ["Sophic accounts"];

// The HTTPBearer scheme these routes declare is registered once, by the auth routes.
export const sophicAccountRoutes = createRouter()
  .openapi(
    createRoute({
      ...clientGuard,
      middleware: [...clientGuard.middleware, honourIdempotencyKey()],
      tags,
      method: "post",
      path: "/accounts",
      operationId: "sophicOpenAccount",
      summary: "Open an account (ext)",
      description:
        "Stands in for the vendor's onboarding. Currencies are the vendor's (EUR, USD, GBP). `reference` is generated when omitted. " +
        "An Idempotency-Key replays the first answer with `Idempotent-Replayed: true`.",
      parameters: [idempotencyKeyParameter],
      request: { body: { required: true, content: { "application/json": { schema: CreateAccountRequest } } } },
      responses: {
        201: { description: "The account", content: { "application/json": { schema: Account } } },
        400: sophicError(
          "invalid_param, missing_param, currency_not_supported or idempotency_key_too_long",
          validationErrorFor(CreateAccountRequest, { name: "", base_currency: "EUR", funding_currencies: ["EUR"] }),
          validationErrorFor(CreateAccountRequest, { base_currency: "EUR", funding_currencies: ["EUR"] }),
          malformedJsonError(),
          thrownBy(() => sophicCurrency("JPY", ["base_currency"])),
          idempotencyKeyErrors.tooLong(),
        ),
        409: sophicError(
          "idempotency_key_conflict, or idempotency_key_in_progress while the key's first request runs",
          idempotencyKeyErrors.conflict(),
          idempotencyKeyErrors.inProgress(),
        ),
        ...jsonBodyErrors(sophicError),
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const baseCurrency = sophicCurrency(body.base_currency, ["base_currency"]);
      const fundingCurrencies = body.funding_currencies.map((code, index) => sophicCurrency(code, ["funding_currencies", index]));
      if (new Set(fundingCurrencies).size !== fundingCurrencies.length) {
        const detail = "must not repeat a currency";
        throw new ApiError(400, "invalid_param", `funding_currencies ${detail}`, [{ path: ["funding_currencies"], detail, code: "invalid_param" }]);
      }
      const { first: accountId } = await idAllocator(c.env).reserve(1);
      const result = await accountObject(c.env, accountId).open({
        accountId,
        partnerId: c.get("partner").id,
        userId: null,
        name: body.name,
        reference: body.reference ?? generatedAccountReference(accountNumberOf(accountId)),
        type: "LIABILITY",
        baseCurrency,
        fundingCurrencies,
        ownerStatus: null,
      });
      if (!result.ok) throw sophicRefusal(result.refusal);
      return c.json(accountBody(result.value), 201);
    },
  )
  .openapi(
    createRoute({
      ...clientGuard,
      tags,
      method: "get",
      path: "/accounts/{account_id}",
      operationId: "sophicGetAccount",
      summary: "Get an account",
      description:
        "Accounts opened through the Qash dialect by this partner's users are readable here too: one ledger, two views. " +
        "One in a currency outside the vendor's enum (MXN, COP, USDC) answers 422: read it through Qash.",
      request: { params: AccountPathParams },
      responses: {
        200: { description: "The account", content: { "application/json": { schema: Account } } },
        ...accountNotFound,
        ...accountCurrencyNotShown,
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const view = await partnerAccount(c, c.req.valid("param").account_id);
      return c.json(accountBody(view), 200);
    },
  )
  .openapi(
    createRoute({
      ...clientGuard,
      tags,
      method: "get",
      path: "/accounts/{account_id}/cash-balances",
      operationId: "sophicListCashBalances",
      summary: "List cash balances",
      description:
        "One row per funding currency, exact at the moment of the call. total = settled + unsettled + reserved; " +
        "available_for_trading = settled + unsettled (advances count); available_for_withdrawal = settled. " +
        "Open deposits that were not advanced are pending and appear in no field.",
      request: { params: AccountPathParams },
      responses: {
        200: { description: "The cash balances", content: { "application/json": { schema: z.array(CashBalance) } } },
        ...accountNotFound,
        ...accountCurrencyNotShown,
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const view = await partnerAccount(c, c.req.valid("param").account_id);
      return c.json(cashBalancesBody(view), 200);
    },
  );

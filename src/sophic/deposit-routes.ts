// Sophic deposits: created open (optionally advanced as unsettled cash), read, listed (ext), canceled (ext).
import { createRoute, z } from "@hono/zod-openapi";
import { accountObject } from "../account/stub";
import { page_size_default, payment_amount_minor_max } from "../config/limits";
import { notFound } from "../errors/api-error";
import { markReplayed } from "../http/idempotency-key";
import { idempotentCommand } from "../http/idempotent-command";
import { thrownBy } from "../http/error-responses";
import { idempotencyKeyErrors, idempotencyKeyParameter, jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { accountCurrencyNotShown, accountNotFound, clientAuthErrors, clientGuard, sophicError } from "./guard";
import { amountMinorOf, pathId, sophicCurrency } from "./inputs";
import { partnerAccount } from "./partner-account";
import { depositBody } from "./render";
import { sophicRefusal } from "./refusals";
import { AccountPathParams, CreateDepositRequest, Deposit, DepositListQuery, DepositPathParams } from "./schemas";

const tags = ["Sophic deposits"];
const depositContent = { "application/json": { schema: Deposit } };
const depositNotFound = { 404: sophicError("not_found: no such account or deposit, or not this partner's", sophicRefusal({ kind: "deposit_not_found" })) };

/**
 * The vendor's own example for this endpoint (test/fixtures/vendor/sophic-create-a-deposit.txt), with its "<string>"
 * placeholders filled from the field examples on the same page, and the request and answer made to agree:
 * an advanced deposit that is still open (so not yet completed).
 */
const seedRequest = { amount: "100.00", currency: "EUR", payment_reference: "202512161234", request_advance: true };
const seedResponse = {
  id: "1002",
  account: "1001",
  amount: "100.00",
  currency: "EUR",
  payment_reference: "202512161234",
  was_advanced: true,
  status: "open",
  created_at: "2023-11-07T05:31:56Z",
  modified_at: "2023-11-07T05:31:56Z",
  advanced_at: "2023-11-07T05:31:56Z",
  completed_at: null,
};

export const sophicDepositRoutes = createRouter()
  .openapi(
    createRoute({
      ...clientGuard,
      tags,
      method: "post",
      path: "/accounts/{account_id}/deposits",
      operationId: "sophicCreateDeposit",
      summary: "Create a deposit",
      description:
        "Create a deposit, funded by bank transfer. It stays `open` until a payment carrying its `payment_reference` is reported " +
        "(POST /inbound-payments). With `request_advance` the amount is credited at once as unsettled cash; otherwise it is pending. " +
        "`payment_reference` is generated when omitted. An Idempotency-Key replays the first answer and moves no money again.",
      parameters: [idempotencyKeyParameter],
      request: {
        params: AccountPathParams,
        body: { required: true, content: { "application/json": { schema: CreateDepositRequest, example: seedRequest } } },
      },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: Deposit, example: seedResponse } } },
        400: sophicError(
          "invalid_param, missing_param, currency_not_supported or idempotency_key_too_long",
          thrownBy(() => amountMinorOf("1.234", "EUR")),
          validationErrorFor(CreateDepositRequest, { currency: "EUR" }),
          malformedJsonError(),
          thrownBy(() => sophicCurrency("JPY", ["currency"])),
          idempotencyKeyErrors.tooLong(),
        ),
        403: sophicError(
          "deposit_forbidden: the account is not active, or the Qash user who owns it is not",
          sophicRefusal({ kind: "account_inactive" }),
        ),
        ...accountNotFound,
        409: sophicError("idempotency_key_conflict: the key is this partner's, bound to another request", sophicRefusal({ kind: "idempotency_key_conflict" })),
        ...jsonBodyErrors(sophicError),
        422: sophicError(
          "balance_limit_exceeded: settled credits plus open deposits would pass 2^53 - 1 minor units; reference_limit_exceeded: " +
            "the chosen payment reference would hold more to be funded than one payment can carry",
          sophicRefusal({ kind: "balance_limit_exceeded" }),
          sophicRefusal({ kind: "reference_total_exceeded", paymentReference: "BATCH-2026-07", maximumMinor: payment_amount_minor_max, currency: "EUR" }),
        ),
        503: sophicError(
          "service_unavailable: the payment reference did not agree in time, or the owner's status could not be checked; nothing was created",
          sophicRefusal({ kind: "reference_unavailable" }),
        ),
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const accountId = pathId(c.req.valid("param").account_id, "Account");
      const body = c.req.valid("json");
      const currency = sophicCurrency(body.currency, ["currency"]);
      const amountMinor = amountMinorOf(body.amount, currency);
      const paymentReference = body.payment_reference ?? null;
      // The fingerprint is of the request's meaning, so "100" and "100.00" under one key are the same deposit.
      const meaning = { amountMinor, currency, paymentReference, requestAdvance: body.request_advance };
      const result = await idempotentCommand(c, meaning, (claim) =>
        accountObject(c.env, accountId).createDeposit({
          caller: { partnerId: c.get("partner").id },
          idempotency: claim,
          currency,
          amountMinor,
          paymentReference,
          requestAdvance: body.request_advance,
        }),
      );
      if (!result.ok) throw sophicRefusal(result.refusal);
      markReplayed(c, result.replayed);
      return c.json(depositBody(result.value), 201);
    },
  )
  .openapi(
    createRoute({
      ...clientGuard,
      tags,
      method: "get",
      path: "/accounts/{account_id}/deposits/{deposit_id}",
      operationId: "sophicGetDeposit",
      summary: "Get a deposit",
      request: { params: DepositPathParams },
      responses: {
        200: { description: "The deposit", content: depositContent },
        ...depositNotFound,
        ...accountCurrencyNotShown,
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const params = c.req.valid("param");
      const accountId = pathId(params.account_id, "Deposit");
      const depositId = pathId(params.deposit_id, "Deposit");
      // The account is checked (the caller's, in a currency this dialect shows) while the deposit is read.
      const [, deposit] = await Promise.all([
        partnerAccount(c, params.account_id, "Deposit"),
        accountObject(c.env, accountId).readDeposit({ partnerId: c.get("partner").id }, depositId),
      ]);
      if (deposit === null) throw notFound("Deposit");
      return c.json(depositBody(deposit), 200);
    },
  )
  .openapi(
    createRoute({
      ...clientGuard,
      tags,
      method: "get",
      path: "/accounts/{account_id}/deposits",
      operationId: "sophicListDeposits",
      summary: "List deposits (ext)",
      description: "A bare array, newest first. Page with `starting_after` set to the last id of the previous page.",
      request: { params: AccountPathParams, query: DepositListQuery },
      responses: {
        200: { description: "The deposits", content: { "application/json": { schema: z.array(Deposit) } } },
        400: sophicError("invalid_param", validationErrorFor(DepositListQuery, { limit: "1000" }, "query")),
        ...accountNotFound,
        ...accountCurrencyNotShown,
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const accountIdText = c.req.valid("param").account_id;
      const accountId = pathId(accountIdText, "Account");
      const query = c.req.valid("query");
      // The account is checked (the caller's, in a currency this dialect shows) while its deposits are read.
      const [, deposits] = await Promise.all([
        partnerAccount(c, accountIdText),
        accountObject(c.env, accountId).listDeposits(
          { partnerId: c.get("partner").id },
          { limit: query.limit ?? page_size_default, startingAfter: query.starting_after ?? null, status: query.status ?? null },
        ),
      ]);
      if (deposits === null) throw notFound("Account");
      return c.json(deposits.map(depositBody), 200);
    },
  )
  .openapi(
    createRoute({
      ...clientGuard,
      tags,
      method: "post",
      path: "/accounts/{account_id}/deposits/{deposit_id}/cancel",
      operationId: "sophicCancelDeposit",
      summary: "Cancel an open deposit (ext)",
      description: "An `open` deposit becomes `canceled`; what it added (pending, or the advance as unsettled cash) is taken back.",
      parameters: [idempotencyKeyParameter],
      request: { params: DepositPathParams },
      responses: {
        200: { description: "The canceled deposit", content: depositContent },
        400: sophicError("idempotency_key_too_long, or an empty Idempotency-Key", idempotencyKeyErrors.tooLong(), idempotencyKeyErrors.empty()),
        ...depositNotFound,
        409: sophicError(
          "conflict: the deposit is not open; insufficient_funds: the advance was already spent; idempotency_key_conflict",
          sophicRefusal({ kind: "deposit_not_open", status: "completed" }),
          sophicRefusal({ kind: "insufficient_balance" }),
          sophicRefusal({ kind: "idempotency_key_conflict" }),
        ),
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const params = c.req.valid("param");
      const accountId = pathId(params.account_id, "Deposit");
      const depositId = pathId(params.deposit_id, "Deposit");
      const result = await idempotentCommand(c, { depositId }, (claim) =>
        accountObject(c.env, accountId).cancelDeposit({ caller: { partnerId: c.get("partner").id }, idempotency: claim, depositId }),
      );
      if (!result.ok) throw sophicRefusal(result.refusal);
      markReplayed(c, result.replayed);
      return c.json(depositBody(result.value), 200);
    },
  );

// The Qash deposit (the seed): credits the user's account at once and answers 200 COMPLETED.
import { createRoute } from "@hono/zod-openapi";
import { accountObject } from "../account/stub";
import { ApiError } from "../errors/api-error";
import { markReplayed } from "../http/idempotency-key";
import { idempotentCommand } from "../http/idempotent-command";
import { idempotencyKeyErrors, idempotencyKeyParameter, jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { isCurrency } from "../ledger/currencies";
import { qashError } from "./identity-schemas";
import { userAuthErrors, userTokenGuard } from "./guards";
import { activeUser } from "./middleware/user-auth";
import { DepositBody, DepositReceipt } from "./money-schemas";
import { qashRefusal } from "./refusals";

/** The request and answer of Qash's own page for this endpoint (test/fixtures/vendor/qash-deposit-funds.txt). */
const seedRequest = {
  toAccountId: 619,
  amount: 100000,
  currency: "MXN",
  provider: "irisbank",
  description: "Top-up via IrisBank",
  metadata: { payer: { documentType: "RFC", documentNumber: "XAXX010101000" } },
};
const seedResponse = { id: 4501, status: "COMPLETED", amount: 100000, description: "Top-up via Cobre" };

export const qashDepositRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/user/deposit",
      operationId: "qashDepositFunds",
      tags: ["Qash deposits"],
      summary: "Deposit funds: credit the user's account immediately",
      description:
        "Directly credits a user's ledger account. Use it when your platform has independently confirmed that funds are available. " +
        "Send an Idempotency-Key to make retries safe: the first answer is replayed with `Idempotent-Replayed: true`.",
      ...userTokenGuard,
      parameters: [idempotencyKeyParameter],
      request: { body: { required: true, content: { "application/json": { schema: DepositBody, example: seedRequest } } } },
      responses: {
        200: { description: "Credited", content: { "application/json": { schema: DepositReceipt, example: seedResponse } } },
        400: qashError(
          "Invalid body, unknown currency, currency other than the account's asset, or an Idempotency-Key over 255 characters",
          validationErrorFor(DepositBody, { ...seedRequest, amount: 1000.5 }),
          validationErrorFor(DepositBody, { ...seedRequest, toAccountId: undefined }),
          malformedJsonError(),
          qashRefusal({ kind: "currency_not_supported", currency: "USD", accepted: ["MXN"] }),
          idempotencyKeyErrors.tooLong(),
        ),
        ...userAuthErrors,
        404: qashError("Account not found (or not the user's)", qashRefusal({ kind: "account_not_found" })),
        409: qashError("IDEMPOTENCY_KEY_CONFLICT: the Idempotency-Key was used with another body", qashRefusal({ kind: "idempotency_key_conflict" })),
        ...jsonBodyErrors(qashError),
        422: qashError("The balance would pass the ledger's maximum", qashRefusal({ kind: "balance_limit_exceeded" })),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      if (!isCurrency(body.currency)) {
        throw new ApiError(400, "invalid_param", `currency ${body.currency} is not supported`, [
          { path: ["currency"], detail: "is not a supported currency", code: "invalid_param" },
        ]);
      }
      const user = c.get("user");
      const account = accountObject(c.env, body.toAccountId);
      const result = await idempotentCommand(c, body, async (claim) => {
        const credit = (userStatusChecked: boolean) =>
          account.credit({
            caller: { partnerId: user.partnerId, userId: user.id, userStatusChecked },
            idempotency: claim,
            currency: body.currency,
            amountMinor: body.amount,
            description: body.description,
            provider: body.provider,
            metadata: body.metadata === undefined ? null : JSON.stringify(body.metadata),
          });
        const first = await credit(false);
        if (first.ok || first.refusal.kind !== "user_status_unconfirmed") return first;
        // The object's copy of the user's status is not confirmed yet: check D1, as requireUser does, and ask again.
        await activeUser(c.env, user);
        return credit(true);
      });
      if (!result.ok) throw qashRefusal(result.refusal);
      markReplayed(c, result.replayed);
      const transaction = result.value;
      return c.json({ id: transaction.id, status: "COMPLETED" as const, amount: transaction.amountMinor, description: transaction.description }, 200);
    },
  );

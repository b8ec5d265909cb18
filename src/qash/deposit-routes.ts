// The Qash deposit (the seed): credits the user's account at once and answers 200 COMPLETED.
import { createRoute } from "@hono/zod-openapi";
import { accountObject } from "../account/stub";
import { ApiError } from "../errors/api-error";
import { idempotencyClaim, markReplayed } from "../http/idempotency-key";
import { createRouter } from "../http/router";
import { isCurrency } from "../ledger/currencies";
import { qashErrorContent } from "./identity-schemas";
import { userAuthErrors, userGuard } from "./guards";
import { DepositBody, DepositReceipt } from "./money-schemas";
import { qashRefusal } from "./refusals";

export const qashDepositRoutes = createRouter();

qashDepositRoutes.openapi(
  createRoute({
    method: "post",
    path: "/user/deposit",
    tags: ["Qash deposits"],
    summary: "Deposit funds: credit the user's account immediately",
    description:
      "Directly credits a user's ledger account. Use it when your platform has independently confirmed that funds are available. " +
      "Send an Idempotency-Key to make retries safe: the first answer is replayed with `Idempotent-Replayed: true`.",
    ...userGuard,
    request: { body: { required: true, content: { "application/json": { schema: DepositBody } } } },
    responses: {
      200: { description: "Credited", content: { "application/json": { schema: DepositReceipt } } },
      400: { description: "Invalid body, unknown currency, or currency other than the account's asset", content: qashErrorContent },
      ...userAuthErrors,
      404: { description: "Account not found (or not the user's)", content: qashErrorContent },
      409: { description: "Idempotency-Key reused with another body", content: qashErrorContent },
      422: { description: "The balance would pass the ledger's maximum", content: qashErrorContent },
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    if (!isCurrency(body.currency)) {
      throw new ApiError(400, "invalid_param", `currency ${body.currency} is not supported`, [
        { path: ["currency"], detail: "is not a supported currency", code: "invalid_param" },
      ]);
    }
    const claim = await idempotencyClaim(c, body);
    const user = c.get("user");
    const result = await accountObject(c.env, body.toAccountId).credit({
      caller: { partnerId: user.partnerId, userId: user.id },
      idempotency: claim,
      currency: body.currency,
      amountMinor: body.amount,
      description: body.description,
      provider: body.provider,
      metadata: body.metadata === undefined ? null : JSON.stringify(body.metadata),
    });
    if (!result.ok) throw qashRefusal(result.refusal);
    markReplayed(c, result.replayed);
    const transaction = result.value;
    return c.json({ id: transaction.id, status: "COMPLETED" as const, amount: transaction.amountMinor, description: transaction.description }, 200);
  },
);

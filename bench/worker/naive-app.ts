// The naive peer behind the real deposit's front: the same Hono middleware (request id and log line, body
// limit), the same Qash guard as every user route (partner key and secret, the rate limit, the user's JWT
// and status read from D1), the same body validation, and then the naive storage of naive-peer.ts: no
// Durable Object, no idempotency. It prices the storage design alone, everything else being equal.
import { createRoute } from "@hono/zod-openapi";
import { renderError } from "../../src/errors/render";
import { limitBody, requestContext } from "../../src/http/middleware";
import { createRouter } from "../../src/http/router";
import { userGuard } from "../../src/qash/guards";
import { DepositBody } from "../../src/qash/money-schemas";
import { naiveDeposit } from "./naive-peer";

export const naiveApp = createRouter();
naiveApp.use("*", requestContext);
naiveApp.use("*", limitBody);
naiveApp.openapi(
  createRoute({
    method: "post",
    path: "/__bench/naive-deposit-app",
    ...userGuard,
    request: { body: { required: true, content: { "application/json": { schema: DepositBody } } } },
    responses: { 200: { description: "Credited, the naive way" } },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { balance } = await naiveDeposit(c.env.DB, body.toAccountId, body.amount);
    return c.json({ status: "COMPLETED", amount: body.amount, balance }, 200);
  },
);
naiveApp.onError((error, c) => renderError(error, c));

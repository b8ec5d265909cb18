// The partner reports that money arrived (ext): no webhooks and no bank feed, so this call funds deposits.
import { createRoute } from "@hono/zod-openapi";
import { markReplayed } from "../http/idempotency-key";
import { idempotentCommand } from "../http/idempotent-command";
import { thrownBy } from "../http/error-responses";
import { idempotencyKeyErrors, idempotencyKeyParameter, jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { reportInboundPayment } from "../reference/report-payment";
import { clientAuthErrors, clientGuard, sophicError } from "./guard";
import { amountMinorOf, sophicCurrency } from "./inputs";
import { inboundPaymentBody } from "./render";
import { sophicRefusal } from "./refusals";
import { InboundPayment, ReportPaymentRequest } from "./schemas";

export const sophicInboundPaymentRoutes = createRouter()
  .openapi(
    createRoute({
      ...clientGuard,
      tags: ["Sophic deposits"],
      method: "post",
      path: "/inbound-payments",
      operationId: "sophicReportInboundPayment",
      summary: "Report an inbound payment (ext)",
      description:
        "When the open deposits of this partner carrying `payment_reference` (matched case-insensitively) in `currency` sum to exactly " +
        "`amount`, all of them complete together and exactly once: `matched`. Otherwise nothing completes and the payment is kept " +
        "as `unmatched` for review. Retries and concurrent duplicates never complete a deposit twice; an Idempotency-Key replays the first answer.",
      parameters: [idempotencyKeyParameter],
      request: { body: { required: true, content: { "application/json": { schema: ReportPaymentRequest } } } },
      responses: {
        201: { description: "The payment, matched or kept unmatched", content: { "application/json": { schema: InboundPayment } } },
        400: sophicError(
          "invalid_param, missing_param, currency_not_supported or idempotency_key_too_long",
          validationErrorFor(ReportPaymentRequest, { payment_reference: "DL000000ZAJ!", amount: "100.00", currency: "EUR" }),
          validationErrorFor(ReportPaymentRequest, { amount: "100.00", currency: "EUR" }),
          malformedJsonError(),
          thrownBy(() => sophicCurrency("JPY", ["currency"])),
          idempotencyKeyErrors.tooLong(),
        ),
        409: sophicError("idempotency_key_conflict", sophicRefusal({ kind: "idempotency_key_conflict" })),
        ...jsonBodyErrors(sophicError),
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const currency = sophicCurrency(body.currency, ["currency"]);
      const amountMinor = amountMinorOf(body.amount, currency);
      const paymentReference = body.payment_reference;
      const partnerId = c.get("partner").id;
      const result = await idempotentCommand(c, { amountMinor, currency, paymentReference }, (claim) =>
        reportInboundPayment(c.env, { partnerId, idempotency: claim, paymentReference, amountMinor, currency }),
      );
      if (!result.ok) throw sophicRefusal(result.refusal);
      markReplayed(c, result.replayed);
      return c.json(inboundPaymentBody(result.value), 201);
    },
  );

// The operator's surface (ext): creating partners stands in for a vendor's onboarding. Errors use Sophic's shape.
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../auth/bearer";
import { newApiKey, newApiSecret, newPartnerId } from "../auth/credentials";
import { constantTimeEqual, sha256Hex } from "../auth/hash";
import { short_text_chars_max } from "../config/limits";
import { database } from "../db/client";
import { insertPartner } from "../db/queries/partners";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { honourIdempotencyKey } from "../http/idempotency";
import { errorResponder } from "../http/error-responses";
import { idempotencyKeyErrors, idempotencyKeyParameter, jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";

const adminTokenRequired = (): ApiError => new ApiError(401, "unauthorized", "A valid admin bearer token is required");

/** Lets the request through only with `Authorization: Bearer <ADMIN_TOKEN>`. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  const expected = c.env.ADMIN_TOKEN;
  // An unset ADMIN_TOKEN must lock the door, not leave it open to an empty bearer.
  const allowed = token !== undefined && expected.length > 0 && (await constantTimeEqual(token, expected));
  if (!allowed) throw adminTokenRequired();
  await next();
};

const CreatePartnerRequest = z
  .object({ name: z.string().trim().min(1).max(short_text_chars_max).openapi({ example: "Acme Payments" }) })
  .openapi("CreatePartnerRequest");

const PartnerCredentials = z
  .object({
    id: z.string().openapi({ example: "ptn_4f1c9a0e6b2d4c8f9a1b2c3d4e5f6a7b" }),
    name: z.string(),
    apiKey: z.string().openapi({ description: "Sent as X-Api-Key (Qash) or client_id (Sophic)." }),
    apiSecret: z.string().nullable().openapi({
      description: "Sent as X-Api-Secret (Qash) or client_secret (Sophic). Shown once, stored only as a hash: a replay under the same Idempotency-Key answers null.",
    }),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("PartnerCredentials");

const AdminError = z
  .object({ code: z.string(), detail: z.string(), params: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), detail: z.string(), code: z.string() })).optional() })
  .openapi("AdminError");
/** Declares an operator error response; the operator surface speaks Sophic's error shape. */
export const adminError = errorResponder("sophic", AdminError);

/** What every operator route answers a caller without the admin token. */
export const adminAuthErrors = { 401: adminError("The admin token is missing or wrong", adminTokenRequired()) };

const createPartnerRoute = createRoute({
  method: "post",
  path: "/admin/partners",
  operationId: "createPartner",
  tags: ["Admin"],
  summary: "Create a partner and its credentials (ext)",
  // A replay must not reveal the secret again, so the kept answer has it removed: a client that lost
  // the first answer has lost the secret too, and should create another partner.
  middleware: [requireAdmin, honourIdempotencyKey({ redact: ({ apiSecret: _secret, ...rest }) => ({ ...rest, apiSecret: null }) })] as const,
  security: [{ AdminToken: [] }],
  parameters: [idempotencyKeyParameter],
  request: { body: { required: true, content: { "application/json": { schema: CreatePartnerRequest } } } },
  responses: {
    201: { description: "The partner, with its API secret shown this once", content: { "application/json": { schema: PartnerCredentials } } },
    400: adminError(
      "The body is invalid, or the Idempotency-Key is over 255 characters",
      validationErrorFor(CreatePartnerRequest, { name: "" }),
      validationErrorFor(CreatePartnerRequest, {}),
      malformedJsonError(),
      idempotencyKeyErrors.tooLong(),
    ),
    ...adminAuthErrors,
    409: adminError(
      "idempotency_key_conflict, or idempotency_key_in_progress while the key's first request runs",
      idempotencyKeyErrors.conflict(),
      idempotencyKeyErrors.inProgress(),
    ),
    ...jsonBodyErrors(adminError),
  },
});

export const adminRoutes = createRouter()
  .openapi(createPartnerRoute, async (c) => {
    const { name } = c.req.valid("json");
    const apiKey = newApiKey();
    const apiSecret = newApiSecret();
    const partner = { id: newPartnerId(), name, apiKey, apiSecretHash: await sha256Hex(apiSecret), createdAt: new Date().toISOString() };
    await insertPartner(database(c.env), partner);
    // The secret exists in this response and nowhere else; no cache may keep a copy.
    c.header("Cache-Control", "no-store");
    return c.json({ id: partner.id, name, apiKey, apiSecret, createdAt: partner.createdAt }, 201);
  });

adminRoutes.openAPIRegistry.registerComponent("securitySchemes", "AdminToken", {
  type: "http",
  scheme: "bearer",
  description: "The operator's ADMIN_TOKEN secret (locally, from .dev.vars).",
});

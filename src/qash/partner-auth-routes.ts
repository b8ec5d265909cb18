// Qash's token issuance: a partner exchanges one of its active users' ids for that user's JWT and a refresh token.
import { createRoute, z } from "@hono/zod-openapi";
import { newRefreshToken } from "../auth/credentials";
import { sha256Hex } from "../auth/hash";
import { signUserToken } from "../auth/tokens";
import { qash_refresh_token_seconds, short_text_chars_max } from "../config/limits";
import { database } from "../db/client";
import { insertRefreshToken } from "../db/queries/refresh-tokens";
import { findUser } from "../db/queries/users";
import { ApiError } from "../errors/api-error";
import { jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { userNotActive, userNotFound } from "./errors";
import { requirePartner } from "./middleware/partner-auth";
import { partnerAuthErrors } from "./guards";
import { partnerSecurity, QashUser, qashError, registerQashSecuritySchemes } from "./identity-schemas";

const IssueUserTokenRequest = z.object({ userId: z.string().max(short_text_chars_max) }).openapi("IssueUserTokenRequest");

const userIdRequired = (): ApiError => new ApiError(400, "missing_param", "userId is required");

const IssuedUserToken = z
  .object({
    success: z.literal(true),
    accessToken: z.string().openapi({ description: "HS256 JWT for Authorization: Bearer, valid one hour." }),
    refreshToken: z.string().openapi({ description: "Opaque, valid 30 days." }),
    user: QashUser.pick({ id: true, email: true, status: true, userType: true }).extend({ roles: z.array(z.string()) }),
  })
  .openapi("IssuedUserToken");

const issueUserTokenRoute = createRoute({
  method: "post",
  path: "/partner/auth/token",
  operationId: "qashIssueUserToken",
  tags: ["Qash auth"],
  summary: "Issue a user's access token",
  description: "Keeps no Idempotency-Key record: a retried request mints a fresh token, which is safe, and no token is stored.",
  middleware: [requirePartner] as const,
  security: partnerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: IssueUserTokenRequest } } } },
  responses: {
    200: { description: "The user's tokens", content: { "application/json": { schema: IssuedUserToken } } },
    400: qashError(
      "userId is required",
      userIdRequired(),
      validationErrorFor(IssueUserTokenRequest, { userId: 42 }),
      malformedJsonError(),
    ),
    ...partnerAuthErrors,
    // One example per code: suspended and banned users hear the same FORBIDDEN, naming their status.
    403: qashError("User account is pending, suspended or banned", userNotActive("pending")),
    404: qashError("User not found (also another partner's user)", userNotFound()),
    ...jsonBodyErrors(qashError),
  },
});

export const qashPartnerAuthRoutes = createRouter()
  .openapi(issueUserTokenRoute, async (c) => {
    const { userId } = c.req.valid("json");
    // Qash documents one message for an absent userId; an empty one is no more of an id.
    if (userId.trim().length === 0) throw userIdRequired();
    const partner = c.get("partner");
    const db = database(c.env);
    const user = await findUser(db, partner.id, userId);
    if (user === undefined) throw userNotFound();
    if (user.status !== "active") throw userNotActive(user.status);

    const accessToken = await signUserToken(c.env.TOKEN_SIGNING_KEY, { userId: user.id, partnerId: partner.id });
    const refreshToken = newRefreshToken();
    const now = Date.now();
    await insertRefreshToken(db, {
      tokenHash: await sha256Hex(refreshToken),
      partnerId: partner.id,
      userId: user.id,
      expiresAt: new Date(now + qash_refresh_token_seconds * 1000).toISOString(),
      createdAt: new Date(now).toISOString(),
    });
    c.header("Cache-Control", "no-store");
    const summary = { id: user.id, email: user.email, status: user.status, userType: user.userType, roles: ["user"] };
    return c.json({ success: true as const, accessToken, refreshToken, user: summary }, 200);
  });

registerQashSecuritySchemes(qashPartnerAuthRoutes);

// Sophic's token endpoint (OAuth 2.0 client credentials) and a probe of the token it issues (ext).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { authenticatePartner } from "../auth/partner-credentials";
import { signClientToken } from "../auth/tokens";
import { sophic_access_token_seconds } from "../config/limits";
import type { AppEnv } from "../env";
import { errorResponder, errorResponseOf } from "../http/error-responses";
import { payloadTooLarge } from "../http/openapi-fragments";
import { enforcePartnerRateLimit, rateLimitedResponse } from "../http/rate-limit";
import { createRouter } from "../http/router";
import { requireClient } from "./middleware/bearer-auth";
import { clientAuthErrors } from "./guard";
import { clientSecurity, registerSophicSecurityScheme } from "./security";
import { invalidClient, oauthErrorBody, readTokenRequest, type OAuthFailure } from "./token-request";

// Declared for the document only: the body is read by hand so that every failure, malformed or not,
// answers with RFC 6749's error body rather than Sophic's envelope.
const ClientCredentialsForm = z
  .object({
    grant_type: z.literal("client_credentials"),
    client_id: z.string().openapi({ description: "The partner's apiKey. May be sent with HTTP Basic instead." }),
    client_secret: z.string().openapi({ description: "The partner's apiSecret. May be sent with HTTP Basic instead." }),
    scope: z.string().optional().openapi({ description: "Space-separated list of scopes; recorded in the token, not enforced." }),
  })
  .openapi("ClientCredentialsForm");

const OAuthToken = z
  .object({
    access_token: z.string(),
    token_type: z.literal("bearer"),
    expires_in: z.number().int().openapi({ example: sophic_access_token_seconds }),
    scope: z.string().openapi({ description: "The scopes of the token, comma-separated." }),
    refresh_token: z.null(),
  })
  .openapi("OAuthToken");

const OAuthErrorBody = z.object({ error: z.string(), error_description: z.string() }).openapi("OAuthErrorBody");

/** Declares a failure of the endpoint itself, with the RFC 6749 bodies readTokenRequest answers. */
const tokenFailureResponse = (description: string, ...failures: OAuthFailure[]) => errorResponseOf(OAuthErrorBody, description, failures.map(oauthErrorBody));
/** Declares an error the Worker raises around the endpoint (the body limit, the rate limit), in RFC 6749's body. */
const tokenErrorResponse = errorResponder("oauth", OAuthErrorBody);

const exampleClientId = "qash_key_live_example";
const exampleClientSecret = "qash_secret_live_example";

/** What readTokenRequest answers a form body: the document's examples are its real refusals. */
function failureOf(form: string): OAuthFailure {
  const request = readTokenRequest("application/x-www-form-urlencoded", form, undefined);
  if (!("error" in request)) throw new Error(`failureOf: ${form} is a valid token request`);
  return request;
}

const issueTokenRoute = createRoute({
  method: "post",
  path: "/auth/token",
  operationId: "sophicIssueToken",
  security: [],
  tags: ["Sophic auth"],
  summary: "Issue an access token (client credentials)",
  description:
    "OAuth 2.0 client credentials (RFC 6749 §4.4): `client_id` is the partner's apiKey, `client_secret` its apiSecret, in the form " +
    "or as HTTP Basic. Keeps no Idempotency-Key record: a retried request mints a fresh token.",
  request: {
    body: {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/ClientCredentialsForm" } } },
    },
  },
  responses: {
    200: { description: "The access token", content: { "application/json": { schema: OAuthToken } } },
    400: tokenFailureResponse(
      "invalid_request, unsupported_grant_type or invalid_scope",
      failureOf(`client_id=${exampleClientId}&client_secret=${exampleClientSecret}`),
      failureOf(`grant_type=password&client_id=${exampleClientId}&client_secret=${exampleClientSecret}`),
      failureOf(`grant_type=client_credentials&client_id=${exampleClientId}&client_secret=${exampleClientSecret}&scope=%22`),
    ),
    401: tokenFailureResponse("invalid_client", invalidClient),
    // Raised before the route runs (the body limit), and still an RFC 6749 body: see errors/dialect.ts.
    ...payloadTooLarge(tokenErrorResponse),
    ...rateLimitedResponse(tokenErrorResponse),
  },
});

const WhoAmI = z.object({ partner_id: z.string(), name: z.string() }).openapi("WhoAmI");

const whoAmIRoute = createRoute({
  method: "get",
  path: "/auth/whoami",
  operationId: "sophicWhoAmI",
  tags: ["Sophic auth"],
  summary: "The partner an access token belongs to (ext)",
  middleware: [requireClient] as const,
  security: clientSecurity,
  responses: {
    200: { description: "The calling partner", content: { "application/json": { schema: WhoAmI } } },
    ...clientAuthErrors,
  },
});

function oauthError(c: Context<AppEnv>, failure: OAuthFailure) {
  // RFC 6749 §5.2: a client that failed to authenticate is told which scheme to use.
  if (failure.status === 401) c.header("WWW-Authenticate", 'Basic realm="sophic"');
  return c.json(oauthErrorBody(failure), failure.status);
}

export const sophicAuthRoutes = createRouter()
  .openapi(issueTokenRoute, async (c) => {
    // RFC 6749 §5.1: token responses, errors included, are never cached; src/app.ts marks every one (neverStored).
    // Read as bytes: workerd warns when a form body is read with text(), though the bytes are the same.
    const body = new TextDecoder().decode(await c.req.arrayBuffer());
    const request = readTokenRequest(c.req.header("Content-Type"), body, c.req.header("Authorization"));
    if ("error" in request) return oauthError(c, request);
    const partner = await authenticatePartner(c.env, request.clientId, request.clientSecret);
    if (partner === null) return oauthError(c, invalidClient);
    // A throttled partner gets no new token either; the 429 is an RFC 6749 body (see errors/dialect.ts).
    await enforcePartnerRateLimit(c, partner.id);
    const scope = request.scopes.join(",");
    const accessToken = await signClientToken(c.env.TOKEN_SIGNING_KEY, { partnerId: partner.id, partnerName: partner.name, scope });
    return c.json(
      { access_token: accessToken, token_type: "bearer" as const, expires_in: sophic_access_token_seconds, scope, refresh_token: null },
      200,
    );
  })
  .openapi(whoAmIRoute, (c) => {
    const partner = c.get("partner");
    return c.json({ partner_id: partner.id, name: partner.name }, 200);
  });

sophicAuthRoutes.openAPIRegistry.register("ClientCredentialsForm", ClientCredentialsForm);
registerSophicSecurityScheme(sophicAuthRoutes);

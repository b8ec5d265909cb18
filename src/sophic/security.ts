// What Sophic's bearer-protected routes declare in the OpenAPI document: the vendor's scheme name and error body.
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

/** The vendor's own name for the scheme, so generated clients match Sophic's. */
export const clientSecurity = [{ HTTPBearer: [] }];

export function registerSophicSecurityScheme(router: OpenAPIHono<AppEnv>): void {
  router.openAPIRegistry.registerComponent("securitySchemes", "HTTPBearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Sophic access token from POST /auth/token (client credentials: the partner's apiKey and apiSecret), valid 15 minutes.",
  });
}

export const SophicAuthError = z
  .object({ code: z.enum(["missing_token", "invalid_token"]), detail: z.string() })
  .openapi("SophicAuthError");

export const missingClientToken = (): ApiError => new ApiError(401, "missing_token", "An access token is required: Authorization: Bearer <access_token>");

export const invalidClientToken = (): ApiError => new ApiError(401, "invalid_token", "The access token is invalid or has expired");

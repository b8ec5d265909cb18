// The shapes Qash identity endpoints share: its error envelope, its user, and the security they declare.
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { UserRow } from "../db/queries/users";
import type { AppEnv } from "../env";
import { errorResponder } from "../http/error-responses";

// No example on the fields: each error response carries its own, with the code its status really answers.
export const QashError = z
  .object({
    success: z.literal(false),
    message: z.string().openapi({ description: "Qash's own words where Qash documents them." }),
    code: z.string().openapi({ description: "The machine code, in upper case: INVALID_PARAM, NOT_FOUND, ..." }),
  })
  .openapi("QashError");

export const QashUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    userType: z.enum(["personal", "business"]),
    countryCode: z.string().openapi({ example: "MX" }),
    phone: z.string().nullable(),
    preferredLanguage: z.string().nullable(),
    status: z.enum(["pending", "active", "suspended", "banned"]),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("QashUser");

export function qashUser(row: UserRow): z.infer<typeof QashUser> {
  return {
    id: row.id,
    email: row.email,
    userType: row.userType,
    countryCode: row.countryCode,
    phone: row.phone,
    preferredLanguage: row.preferredLanguage,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Declares a Qash error response: what the status means, and the errors the Worker answers it with. */
export const qashError = errorResponder("qash", QashError);

export const partnerSecurity = [{ QashApiKey: [], QashApiSecret: [] }];
export const userSecurity = [{ QashApiKey: [], QashApiSecret: [], QashUserToken: [] }];

/** Declares the schemes `partnerSecurity` and `userSecurity` name, on the router that uses them. */
export function registerQashSecuritySchemes(router: OpenAPIHono<AppEnv>): void {
  const registry = router.openAPIRegistry;
  registry.registerComponent("securitySchemes", "QashApiKey", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "The partner's apiKey (from POST /admin/partners), on every /api/v1 call.",
  });
  registry.registerComponent("securitySchemes", "QashApiSecret", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Secret",
    description: "The partner's apiSecret, shown once when the partner is created, on every /api/v1 call.",
  });
  registry.registerComponent("securitySchemes", "QashUserToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The user's access token from POST /api/v1/partner/auth/token, valid one hour; /api/v1/user/* calls only.",
  });
}

// The user's own view (ext): who the bearer token belongs to. Money routes under /user join this router's neighbours.
import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../db/client";
import { findUser } from "../db/queries/users";
import { createRouter } from "../http/router";
import { invalidUserToken } from "./errors";
import { requirePartner } from "./middleware/partner-auth";
import { requireUser } from "./middleware/user-auth";
import { userAuthErrors } from "./guards";
import { QashUser, qashUser, registerQashSecuritySchemes, userSecurity } from "./identity-schemas";

const CurrentUser = z.object({ success: z.literal(true), data: z.object({ user: QashUser }) }).openapi("CurrentUser");

const readCurrentUserRoute = createRoute({
  method: "get",
  path: "/user/me",
  operationId: "qashGetCurrentUser",
  tags: ["Qash users"],
  summary: "Read the user the token belongs to (ext)",
  middleware: [requirePartner, requireUser] as const,
  security: userSecurity,
  responses: {
    200: { description: "The user", content: { "application/json": { schema: CurrentUser } } },
    ...userAuthErrors,
  },
});

export const qashUserRoutes = createRouter()
  .openapi(readCurrentUserRoute, async (c) => {
    const caller = c.get("user");
    const user = await findUser(database(c.env), caller.partnerId, caller.id);
    // requireUser read this row a moment ago; its absence now means it vanished in between.
    if (user === undefined) throw invalidUserToken();
    return c.json({ success: true as const, data: { user: qashUser(user) } }, 200);
  });

registerQashSecuritySchemes(qashUserRoutes);

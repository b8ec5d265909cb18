// Qash user authentication, after requirePartner: a user JWT of the calling partner, for a user who is active now.
import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../../auth/bearer";
import { verifyUserToken } from "../../auth/tokens";
import { database } from "../../db/client";
import { findUser } from "../../db/queries/users";
import type { AppEnv, CallerPartner } from "../../env";
import { invalidUserToken, missingUserToken, userNotActive } from "../errors";

export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const partner = c.get("partner") as CallerPartner | undefined;
  if (partner === undefined) throw new Error("requireUser must run after requirePartner");
  const token = bearerToken(c.req.header("Authorization"));
  if (token === undefined) throw missingUserToken();
  const claims = await verifyUserToken(c.env.TOKEN_SIGNING_KEY, token);
  // A token of another partner is as good as forged here: the user it names is not this partner's.
  if (claims === null || claims.partnerId !== partner.id) throw invalidUserToken();
  // The status is read on every request, so a suspension stops tokens already issued.
  const user = await findUser(database(c.env), partner.id, claims.userId);
  if (user === undefined) throw invalidUserToken();
  if (user.status !== "active") throw userNotActive(user.status);
  c.set("user", { id: user.id, partnerId: user.partnerId, status: user.status });
  await next();
};

// Qash user authentication, after requirePartner: a user JWT of the calling partner, for a user who is active now.
import type { Context, MiddlewareHandler } from "hono";
import { bearerToken } from "../../auth/bearer";
import { verifyUserToken } from "../../auth/tokens";
import { database } from "../../db/client";
import { findUser } from "../../db/queries/users";
import type { AppEnv, CallerPartner, CallerUser } from "../../env";
import { invalidUserToken, missingUserToken, userNotActive } from "../errors";

/** The user the token names, once the token is ours, unexpired, and of the calling partner; 401 otherwise. */
async function tokenUser(c: Context<AppEnv>): Promise<{ id: string; partnerId: string }> {
  const partner = c.get("partner") as CallerPartner | undefined;
  if (partner === undefined) throw new Error("the user guards must run after requirePartner");
  const token = bearerToken(c.req.header("Authorization"));
  if (token === undefined) throw missingUserToken();
  const claims = await verifyUserToken(c.env.TOKEN_SIGNING_KEY, token);
  // A token of another partner is as good as forged here: the user it names is not this partner's.
  if (claims === null || claims.partnerId !== partner.id) throw invalidUserToken();
  return { id: claims.userId, partnerId: partner.id };
}

/** Reads the user from D1: 401 when the token's user does not exist, 403 unless active. */
export async function activeUser(env: Env, user: { id: string; partnerId: string }): Promise<CallerUser> {
  const row = await findUser(database(env), user.partnerId, user.id);
  if (row === undefined) throw invalidUserToken();
  if (row.status !== "active") throw userNotActive(row.status);
  return { id: row.id, partnerId: row.partnerId, status: { status: row.status, version: row.statusVersion } };
}

/** The status is read from D1 on every request, so a suspension stops tokens already issued. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", await activeUser(c.env, await tokenUser(c)));
  await next();
};

/**
 * The deposit's guard. It checks the token here and leaves the user's status to the account object, which
 * checks its exact copy inside the credit's own transaction (src/account/owner-status.ts), with no D1 read.
 * Any answer but a success is preceded by requireUser's D1 check, so a user who is not active hears 401 or
 * 403 before any other error, exactly as from requireUser.
 */
export const requireUserToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = await tokenUser(c);
  c.set("user", { ...user, status: null });
  await next();
  if (c.res.status >= 400) await activeUser(c.env, user);
};

// The one way a Sophic route reaches an account: by its path id, and only when it is the caller's.
import type { Context } from "hono";
import type { AccountView } from "../account/commands";
import { accountObject } from "../account/stub";
import type { AppEnv } from "../env";
import { notFound } from "../errors/api-error";
import { pathId } from "./inputs";

/** The account's exact view when it is the calling partner's; 404 otherwise, whatever the reason. */
export async function partnerAccount(c: Context<AppEnv>, accountIdText: string): Promise<AccountView> {
  const accountId = pathId(accountIdText, "Account");
  const view = await accountObject(c.env, accountId).view({ partnerId: c.get("partner").id });
  if (view === null) throw notFound("Account");
  return view;
}

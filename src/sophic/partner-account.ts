// The one way a Sophic route reaches an account: by its path id, only when it is the caller's, and only when
// this dialect can show it.
import type { Context } from "hono";
import type { AccountView } from "../account/commands";
import { accountObject } from "../account/stub";
import type { AppEnv } from "../env";
import { ApiError, notFound } from "../errors/api-error";
import type { Currency } from "../ledger/currencies";
import { isSophicCurrency, pathId } from "./inputs";
import { sophic_currencies } from "./schemas";

/**
 * The account's exact view when it is the calling partner's; 404 otherwise, whatever the reason (`what` names
 * the resource the route reads, so a deposit route's 404 is the one it always gave). Then 422 when the account
 * is in a currency the vendor has no code for (one opened through Qash in MXN, COP or USDC): a Sophic body
 * must not carry it, and showing the account without it would misstate it.
 */
export async function partnerAccount(c: Context<AppEnv>, accountIdText: string, what: "Account" | "Deposit" = "Account"): Promise<AccountView> {
  const accountId = pathId(accountIdText, what);
  const view = await accountObject(c.env, accountId).view({ partnerId: c.get("partner").id });
  if (view === null) throw notFound(what);
  // Checked only once the caller may see the account, so a stranger hears the same 404 as for a missing id.
  const unshown = [view.baseCurrency, ...view.fundingCurrencies].find((currency) => !isSophicCurrency(currency));
  if (unshown !== undefined) throw currencyNotShown(view.id, unshown);
  return view;
}

/** The 422 for an account this dialect cannot show; exported for the OpenAPI example. */
export function currencyNotShown(accountId: number, currency: Currency): ApiError {
  return new ApiError(
    422,
    "currency_not_supported",
    `Account ${accountId} is in ${currency}, which cannot be shown in the Sophic dialect (it knows ${sophic_currencies.join(", ")}); ` +
      "read this account through the Qash dialect (/api/v1/user/...)",
  );
}

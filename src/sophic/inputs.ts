// Reads what a Sophic request names by hand: path ids, the vendor's currencies, decimal amounts.
import { ApiError, notFound } from "../errors/api-error";
import type { Currency } from "../ledger/currencies";
import { parseDecimalAmount, parseNumberAmount } from "../ledger/money";
import { sophic_currencies, type SophicCurrency } from "./schemas";

// A safe integer written plainly: no sign, no leading zero, no exponent, at most 16 digits.
const idPattern = /^[1-9][0-9]{0,15}$/;

/** A ledger id from a path segment; anything else is a resource that does not exist (404, never 400). */
export function pathId(text: string, what: "Account" | "Deposit"): number {
  const id = idPattern.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw notFound(what);
  return id;
}

/** True for the vendor's own currency codes, the only ones this dialect reads or shows. */
export function isSophicCurrency(code: string): code is SophicCurrency {
  return (sophic_currencies as readonly string[]).includes(code);
}

/** A currency this dialect accepts in requests: the vendor's enum only (see schemas.ts). */
export function sophicCurrency(code: string, path: (string | number)[]): SophicCurrency {
  if (isSophicCurrency(code)) return code;
  const detail = `${code} is not supported; use one of ${sophic_currencies.join(", ")}`;
  throw new ApiError(400, "currency_not_supported", `Currency ${detail}`, [{ path, detail, code: "currency_not_supported" }]);
}

/** An amount in minor units, from a decimal string (preferred) or a JSON number; refused with the field's path. */
export function amountMinorOf(amount: string | number, currency: Currency): number {
  const parsed = typeof amount === "string" ? parseDecimalAmount(amount, currency) : parseNumberAmount(amount, currency);
  if (parsed.ok) return parsed.minor;
  throw new ApiError(400, "invalid_param", `amount ${parsed.reason}`, [{ path: ["amount"], detail: parsed.reason, code: "invalid_param" }]);
}

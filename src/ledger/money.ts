// Exact conversions between the Sophic dialect's decimal strings and integer minor units.
// No floating point touches an amount: strings are parsed digit by digit.
import { deposit_amount_minor_max } from "../config/limits";
import { decimalsOf, type Currency } from "./currencies";

export type AmountRefusal = { ok: false; reason: string };
export type AmountResult = { ok: true; minor: number } | AmountRefusal;

// ASCII digits only: full-width or other Unicode digits are refused, as are signs, spaces and exponents.
const decimalPattern = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** Parses "100.00" or "50.1" into minor units; at most the currency's decimals, strictly positive. */
export function parseDecimalAmount(text: string, currency: Currency): AmountResult {
  const match = decimalPattern.exec(text);
  if (match === null) return { ok: false, reason: "must be a positive decimal number such as \"100.00\"" };
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  const decimals = decimalsOf(currency);
  if (fraction.length > decimals) {
    return { ok: false, reason: `must have at most ${decimals} decimal places for ${currency}` };
  }
  const digits = (whole + fraction.padEnd(decimals, "0")).replace(/^0+(?=\d)/, "");
  // Compare as digit strings first so a huge input never becomes an imprecise number.
  const max = String(deposit_amount_minor_max);
  if (digits.length > max.length || (digits.length === max.length && digits > max)) {
    return { ok: false, reason: `must not exceed ${formatMinor(deposit_amount_minor_max, currency)}` };
  }
  const minor = Number(digits);
  if (minor <= 0) return { ok: false, reason: "must be greater than zero" };
  return { ok: true, minor };
}

/** Accepts a JSON number only when its shortest decimal text is a valid amount (so 0.1 + 0.2 is refused). */
export function parseNumberAmount(value: number, currency: Currency): AmountResult {
  if (!Number.isFinite(value)) return { ok: false, reason: "must be a finite number" };
  const text = String(value);
  if (/e/i.test(text)) return { ok: false, reason: "must be written without an exponent" };
  return parseDecimalAmount(text, currency);
}

/** Renders minor units with exactly the currency's decimals: 10000 USD -> "100.00". */
export function formatMinor(minor: number, currency: Currency): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`amount ${minor} is not a safe integer`);
  const decimals = decimalsOf(currency);
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(decimals + 1, "0");
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** A Qash amount: a JSON integer of minor units within the per-deposit maximum. */
export function checkMinorAmount(minor: number): AmountResult {
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: "must be an integer in the currency's smallest unit" };
  if (minor <= 0) return { ok: false, reason: "must be greater than zero" };
  if (minor > deposit_amount_minor_max) return { ok: false, reason: `must not exceed ${deposit_amount_minor_max}` };
  return { ok: true, minor };
}

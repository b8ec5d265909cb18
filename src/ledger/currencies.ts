// The currency registry: each code with the number of decimal places of its minor unit.

export const currency_decimals = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  MXN: 2,
  COP: 2,
  USDC: 6,
} as const;

export type Currency = keyof typeof currency_decimals;

export const currencies = Object.keys(currency_decimals) as [Currency, ...Currency[]];

export function isCurrency(code: string): code is Currency {
  return Object.prototype.hasOwnProperty.call(currency_decimals, code);
}

export function decimalsOf(currency: Currency): number {
  return currency_decimals[currency];
}

// Query-string numbers: ASCII digits only, so "1e3", "0x10" and " 5" are refused rather than coerced.
import { z } from "@hono/zod-openapi";

/** Longest number read: fifteen digits always fit a safe integer exactly. */
const query_integer_digits_max = 15;
const largest_query_integer = 10 ** query_integer_digits_max - 1;

const digits = new RegExp(`^[0-9]{1,${query_integer_digits_max}}$`);

/**
 * A whole number from the query string (or a path), within [minimum, maximum]. Read as text, since that is
 * what a URL carries, but documented as the integer it means, with the bounds the Worker enforces, so a
 * generated client takes a number.
 */
export const queryInteger = (minimum: number, maximum: number) =>
  z
    .string()
    .regex(digits, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(minimum).max(maximum))
    .openapi({ type: "integer", minimum, maximum: Math.min(maximum, largest_query_integer) });

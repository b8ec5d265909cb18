// Query-string numbers: ASCII digits only, so "1e3", "0x10" and " 5" are refused rather than coerced.
import { z } from "@hono/zod-openapi";

const digits = /^[0-9]{1,15}$/;

export const queryInteger = (minimum: number, maximum: number) =>
  z
    .string()
    .regex(digits, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(minimum).max(maximum));

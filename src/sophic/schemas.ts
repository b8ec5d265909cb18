// The Sophic dialect's bodies, mirrored in zod from the vendor's OpenAPI (reference/sophic-openapi.deposits.json).
// Names carry a "Sophic" prefix so they never collide with the Qash dialect's in the shared document.
import { z } from "@hono/zod-openapi";
import { page_size_max, short_text_chars_max } from "../config/limits";
import { queryInteger } from "../http/query";
import { isGeneratedReference, isPaymentReference, payment_reference_chars_max } from "../ledger/payment-reference";

/**
 * The vendor's Currency enum. Requests in this dialect (account creation, deposits, inbound payments)
 * accept only these, and bodies show only these; the ledger knows more (MXN, COP, USDC), and an account
 * opened in one of them through Qash answers 422 currency_not_supported here (see partner-account.ts).
 */
export const sophic_currencies = ["EUR", "USD", "GBP"] as const;
export type SophicCurrency = (typeof sophic_currencies)[number];

/** Longest amount text read: more digits than any amount the ledger can hold, so nothing valid is cut. */
export const amount_chars_max = 40;

/** A currency code as sent: checked against the vendor's enum by the route, so an unknown one answers currency_not_supported. */
const CurrencyInput = z.string().min(1).max(16).openapi({ type: "string", enum: [...sophic_currencies], example: "EUR" });
const CurrencyOutput = z.enum(sophic_currencies).openapi({ description: "The vendor's EUR, USD or GBP, and nothing else.", example: "EUR" });

const Timestamp = z.string().openapi({ format: "date-time", example: "2026-07-14T09:32:00.000Z" });
const NullableTimestamp = Timestamp.nullable();

/** A positive decimal string with at most the currency's decimals, or a positive JSON number. */
const AmountInput = z
  .union([z.string().max(amount_chars_max), z.number().openapi({ exclusiveMinimum: 0 })])
  .openapi({ description: "Positive amount with at most the currency's decimal places, as a string (preferred) or a number.", example: "100.00" });

const PaymentReference = z
  .string()
  .max(payment_reference_chars_max)
  .refine(isPaymentReference, "must be letters, digits, spaces, '.', '/' or '-', starting and ending with a letter or digit")
  .openapi({ description: "Letters, digits, spaces, '.', '/' or '-'; at most 35 characters; matched case-insensitively.", example: "202512161234" });

/**
 * A reference the partner chooses for a deposit. Generated references are reserved: one chosen in their shape
 * (in any case) could be another deposit's, and both would then share its reference object, the arbiter of
 * their funding. Payments may carry them, of course: that is how a generated reference is paid.
 */
const ChosenPaymentReference = PaymentReference.refine(
  (reference) => !isGeneratedReference(reference),
  "is reserved: it has the shape of a generated reference (DL, 8 to 12 base32 characters and a check character, in any case); choose another or omit it",
).openapi({
  description:
    "Letters, digits, spaces, '.', '/' or '-'; at most 35 characters; matched case-insensitively. " +
    "Generated when omitted; the shape of a generated one (DL + base32 + check character, in any case) is reserved.",
  example: "202512161234",
});

export const InvalidParam = z
  .object({
    path: z.array(z.union([z.string(), z.number().int()])).openapi({ example: ["amount"] }),
    detail: z.string(),
    code: z.string().openapi({ example: "invalid_param" }),
  })
  .openapi("SophicInvalidParam");

// No example on the fields: each error response carries its own, with the code its status really answers.
export const SophicError = z
  .object({
    code: z.string().openapi({ description: "The machine code, in lower case: invalid_param, not_found, ..." }),
    detail: z.string(),
    params: z.array(InvalidParam).optional(),
  })
  .openapi("SophicError");

export const Account = z
  .object({
    id: z.string().openapi({ example: "1001" }),
    reference: z.string(),
    name: z.string(),
    bank_payment_reference: z.string().openapi({ example: "0000001001" }),
    status: z.enum(["active", "suspended", "closing", "closed"]),
    base_currency: CurrencyOutput,
    funding_currencies: z.array(CurrencyOutput),
    can_deposit: z.boolean(),
    can_withdraw: z.boolean(),
    can_place_buy_order: z.boolean(),
    can_place_sell_order: z.boolean(),
    has_deposited: z.boolean(),
    has_withdrawn: z.boolean(),
    has_placed_buy_order: z.boolean(),
    has_placed_sell_order: z.boolean(),
    is_primary_owner_mifid_pro: z.boolean(),
    created_at: Timestamp,
    modified_at: Timestamp,
  })
  .openapi("SophicAccount");

export const CreateAccountRequest = z
  .object({
    name: z.string().trim().min(1).max(short_text_chars_max).openapi({ example: "Jane Doe" }),
    base_currency: CurrencyInput,
    funding_currencies: z.array(CurrencyInput).min(1).max(sophic_currencies.length).openapi({ example: ["EUR"] }),
    reference: z.string().trim().min(1).max(short_text_chars_max).optional().openapi({ description: "Generated when omitted.", example: "customer-42" }),
  })
  .openapi("SophicCreateAccountRequest");

export const deposit_statuses = ["open", "completed", "canceled"] as const;

export const Deposit = z
  .object({
    id: z.string().openapi({ example: "1002" }),
    account: z.string().openapi({ example: "1001" }),
    amount: z.string().openapi({ example: "100.00" }),
    currency: CurrencyOutput,
    payment_reference: z.string().openapi({ example: "DL000000ZAJ" }),
    was_advanced: z.boolean(),
    status: z.enum(deposit_statuses).openapi({ description: "`canceled` is this ledger's one extension of the vendor's enum." }),
    created_at: Timestamp,
    modified_at: Timestamp,
    advanced_at: NullableTimestamp,
    completed_at: NullableTimestamp,
  })
  .openapi("SophicDeposit", {
    example: {
      id: "1002",
      account: "1001",
      amount: "100.00",
      currency: "EUR",
      payment_reference: "DL000000ZAJ",
      was_advanced: false,
      status: "open",
      created_at: "2023-11-07T05:31:56.000Z",
      modified_at: "2023-11-07T05:31:56.000Z",
      advanced_at: null,
      completed_at: null,
    },
  });

export const CreateDepositRequest = z
  .object({
    amount: AmountInput,
    currency: CurrencyInput,
    payment_reference: ChosenPaymentReference.optional(),
    request_advance: z.boolean().default(false),
  })
  .openapi("SophicCreateDepositRequest", { example: { amount: "100.00", currency: "EUR", request_advance: false } });

export const DepositListQuery = z.object({
  limit: queryInteger(1, page_size_max).optional().openapi({ example: 20, description: `1 to ${page_size_max}, default 20` }),
  starting_after: queryInteger(1, Number.MAX_SAFE_INTEGER).optional().openapi({ description: "A deposit id: list the deposits older than it." }),
  status: z.enum(deposit_statuses).optional(),
});

export const CashBalance = z
  .object({
    currency: CurrencyOutput,
    total: z.string().openapi({ example: "12500.00" }),
    available_for_trading: z.string().openapi({ example: "10000.00" }),
    available_for_withdrawal: z.string().openapi({ example: "9750.00" }),
    reserved: z.string().openapi({ example: "0.00" }),
  })
  .openapi("SophicCashBalance");

export const transaction_types = [
  "deposit",
  "withdrawal",
  "buy",
  "sell",
  "fee",
  "refund",
  "maturity",
  "coupon_payment",
  "merger",
  "fx",
  "position_migration_in",
  "book_transfer",
  "portfolio_transfer",
] as const;
export type TransactionType = (typeof transaction_types)[number];

const TransactionTax = z.object({ rate: z.string(), amount: z.string(), currency: z.string() }).openapi("SophicTransactionTax");

export const Transaction = z
  .object({
    id: z.string(),
    summary: z.string().openapi({ example: "Deposit of 100.00 EUR" }),
    booked_at: Timestamp,
    settlement_date: z.string().openapi({ format: "date", example: "2026-07-14" }).nullable(),
    cash_amount: z.string().nullable().openapi({ example: "100.00" }),
    unit_quantity: z.string().nullable(),
    unit_price: z.string().nullable(),
    tax: z.string().openapi({ example: "0.00" }),
    currency: CurrencyOutput.nullable(),
    instrument: z.string().nullable(),
    transaction_type: z.enum(transaction_types),
    reference: z.string().nullable(),
    reference_type: z.enum(["deposit", "withdrawal", "order", "fee_charge", "refund", "corporate_action", "position_migration_in", "book_transfer", "portfolio_transfer"]),
    taxes: z.array(TransactionTax),
  })
  .openapi("SophicTransaction");

const isTransactionType = (text: string): text is TransactionType => (transaction_types as readonly string[]).includes(text);

/**
 * Transaction types come repeated (`?transaction_types=a&transaction_types=b`) or comma-separated. Checked
 * after splitting, as one field, so a bad value is reported at ["transaction_types"].
 */
const TransactionTypes = z
  .union([z.string(), z.array(z.string()).max(transaction_types.length)])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(",")))
  .refine((types) => types.length <= transaction_types.length && types.every(isTransactionType), {
    message: `must be among ${transaction_types.join(", ")}`,
  })
  .transform((types) => types as TransactionType[]);

export const TransactionListQuery = z.object({
  limit: queryInteger(1, page_size_max).optional().openapi({ example: 20, description: `1 to ${page_size_max}, default 20` }),
  transaction_types: TransactionTypes.optional().openapi({
    type: "array",
    items: { type: "string", enum: [...transaction_types] },
    description: "Repeat the parameter or separate the types with commas.",
  }),
});

export const ReportPaymentRequest = z
  .object({ payment_reference: PaymentReference, amount: AmountInput, currency: CurrencyInput })
  .openapi("SophicInboundPaymentRequest", { example: { payment_reference: "DL000000ZAJ", amount: "100.00", currency: "EUR" } });

export const InboundPayment = z
  .object({
    id: z.string().openapi({ example: "1007" }),
    payment_reference: z.string(),
    amount: z.string().openapi({ example: "100.00" }),
    currency: CurrencyOutput,
    status: z.enum(["matched", "unmatched"]),
    deposits: z.array(z.string()).openapi({ description: "The deposits this payment completed; empty when unmatched.", example: ["1002"] }),
  })
  .openapi("SophicInboundPayment");

// Ids in paths are read by the route, not here: a malformed id answers 404 exactly like a missing one.
export const AccountPathParams = z.object({ account_id: z.string().openapi({ example: "1001" }) });
export const DepositPathParams = AccountPathParams.extend({ deposit_id: z.string().openapi({ example: "1002" }) });

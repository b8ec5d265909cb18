// The shapes of Qash's account, balance, deposit and transaction endpoints, as its docs give them.
import { z } from "@hono/zod-openapi";
import { deposit_amount_minor_max, description_chars_max, metadata_bytes_max, page_size_max, short_text_chars_max } from "../config/limits";
import { currencies } from "../ledger/currencies";
import { prototypeKeyIn } from "../http/prototype-keys";
import { queryInteger } from "../http/query";

export const Asset = z.enum(currencies).openapi({ example: "MXN" });

export const CreateAccountBody = z
  .object({
    description: z.string().trim().min(1).max(description_chars_max).openapi({ example: "Main wallet" }),
    asset: Asset,
    type: z.literal("LIABILITY").optional().openapi({ description: "Only LIABILITY (user funds held by the ledger) is supported." }),
  })
  .openapi("QashCreateAccount");

export const CreatedAccount = z
  .object({ id: z.number().int(), description: z.string(), asset: Asset, type: z.string(), balance: z.number().int() })
  .openapi("QashCreatedAccount");

export const ListedAccount = z
  .object({
    id: z.number().int(),
    description: z.string(),
    asset: Asset,
    type: z.string(),
    number: z.string().openapi({ description: "The ledger account number", example: "0000001001" }),
    credits: z.number().int(),
    debits: z.number().int(),
  })
  .openapi("QashListedAccount");

export const AccountList = z.object({ items: z.array(ListedAccount) }).openapi("QashAccountList");

export const AccountBalance = z
  .object({ id: z.number().int(), description: z.string(), asset: Asset, balance: z.number().int(), type: z.string() })
  .openapi("QashAccountBalance");

export const PageMeta = z
  .object({ totalItems: z.number().int(), totalPages: z.number().int(), currentPage: z.number().int(), itemsPerPage: z.number().int() })
  .openapi("QashPageMeta");

export const BalanceList = z.object({ items: z.array(AccountBalance), meta: PageMeta }).openapi("QashBalanceList");

export const PageQuery = z.object({
  page: queryInteger(1, 1_000_000).optional().openapi({ example: 1 }),
  limit: queryInteger(1, page_size_max).optional().openapi({ example: 20 }),
});

const Payer = z
  .object({
    documentType: z.string().max(32).optional().openapi({ example: "RFC" }),
    documentNumber: z.string().max(64).optional().openapi({ example: "XAXX010101000" }),
  })
  .strict();

const MetadataObject = z
  .object({ payer: Payer.optional() })
  .catchall(z.unknown())
  .refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= metadata_bytes_max, {
    message: `must serialize to at most ${metadata_bytes_max} bytes`,
  });

// Checked on the input as sent: zod's copy silently drops a `__proto__` key, so the ledger would store
// other metadata than the partner sent, and keep a `constructor.prototype` it should never hand on.
const Metadata = z.preprocess((value, context) => {
  const key = prototypeKeyIn(value);
  if (key !== null) context.addIssue({ code: "custom", message: `must not use the key ${key}`, input: value });
  return value;
}, MetadataObject);

export const DepositBody = z
  .object({
    toAccountId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).openapi({ example: 619 }),
    amount: z
      .number()
      .int("must be an integer in the currency's smallest unit")
      .positive()
      .max(deposit_amount_minor_max)
      .openapi({ example: 100000, description: "Amount in the smallest unit: 100000 = 1,000.00" }),
    currency: z.string().min(1).max(8).openapi({ example: "MXN" }),
    provider: z.string().trim().min(1).max(short_text_chars_max).openapi({ example: "irisbank" }),
    description: z.string().trim().min(1).max(description_chars_max).openapi({ example: "Top-up via IrisBank" }),
    metadata: Metadata.optional(),
  })
  .openapi("QashDeposit");

export const DepositReceipt = z
  .object({ id: z.number().int(), status: z.literal("COMPLETED"), amount: z.number().int(), description: z.string() })
  .openapi("QashDepositReceipt", { example: { id: 4501, status: "COMPLETED", amount: 100000, description: "Top-up via Cobre" } });

export const TransactionItem = z
  .object({
    id: z.number().int(),
    accountId: z.number().int(),
    description: z.string(),
    status: z.enum(["COMPLETED", "PENDING", "FAILED"]),
    amount: z.number().int(),
    currency: Asset,
    provider: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("QashTransaction");

export const TransactionPage = z
  .object({ items: z.array(TransactionItem), total: z.number().int(), pages: z.number().int(), page: z.number().int(), limit: z.number().int() })
  .openapi("QashTransactionPage");

export const TransactionQuery = z.object({
  size: queryInteger(1, page_size_max).optional().openapi({ description: "Recent mode: how many of the newest transactions" }),
  accountId: queryInteger(1, Number.MAX_SAFE_INTEGER).optional().openapi({ description: "Account mode: the account" }),
  limit: queryInteger(1, page_size_max).optional().openapi({ description: "Account mode: page size (required)" }),
  offset: queryInteger(0, 1_000_000_000).optional().openapi({ description: "Account mode: rows to skip (required)" }),
});

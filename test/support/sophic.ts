// Drives the Sophic dialect through the real Worker. Every body read here is checked against the
// vendor's schema (or, for the ext endpoints the vendor has no schema for, against ours, strictly).
import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { InboundPayment } from "../../src/sophic/schemas";
import { BASE, sophicHeaders, type TestPartner } from "./fixtures";
import { assertVendor, type VendorSchemaName } from "./sophic-schema";

export type SophicClient = { partner: TestPartner; headers: Record<string, string> };

export type Account = { id: string; reference: string; name: string; bank_payment_reference: string; status: string; base_currency: string; funding_currencies: string[]; can_deposit: boolean; has_deposited: boolean; created_at: string } & Record<string, unknown>;
export type Deposit = { id: string; account: string; amount: string; currency: string; payment_reference: string; was_advanced: boolean; status: string; created_at: string; modified_at: string; advanced_at: string | null; completed_at: string | null };
export type CashBalance = { currency: string; total: string; available_for_trading: string; available_for_withdrawal: string; reserved: string };
export type Transaction = { id: string; summary: string; cash_amount: string | null; currency: string | null; transaction_type: string; reference: string | null; reference_type: string; booked_at: string; settlement_date: string | null } & Record<string, unknown>;
export type InboundPaymentBody = { id: string; payment_reference: string; amount: string; currency: string; status: "matched" | "unmatched"; deposits: string[] };
export type SophicErrorBody = { code: string; detail: string; params?: { path: (string | number)[]; detail: string; code: string }[] };

export function sophicClient(partner?: TestPartner): Promise<SophicClient> {
  return sophicHeaders(partner);
}

export function sophicFetch(client: SophicClient, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = { method, headers: { ...client.headers, ...headers } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  return SELF.fetch(`${BASE}${path}`, init);
}

/** Reads a success body of the status expected and checks it against the vendor's schema. */
export async function expectVendorBody<T>(response: Response, status: number, name: Exclude<VendorSchemaName, "Error">, options: { list?: boolean } = {}): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as unknown;
  assertVendor(name, body, options);
  return body as T;
}

/** Reads an error body: the status and code expected, in the vendor's Error shape. */
export async function expectSophicError(response: Response, status: number, code: string): Promise<SophicErrorBody> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status} ${code}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as SophicErrorBody;
  assertVendor("Error", body);
  expect(body.code).toBe(code);
  return body;
}

export async function expectInboundPayment(response: Response, status = 201): Promise<InboundPaymentBody> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as unknown;
  // The vendor has no inbound payment: our own schema, closed, stands in for it.
  const parsed = InboundPayment.strict().safeParse(body);
  if (!parsed.success) throw new Error(`not an inbound payment: ${parsed.error.message}\n${text}`);
  return body as InboundPaymentBody;
}

export async function openAccount(
  client: SophicClient,
  input: { name?: string; base_currency?: string; funding_currencies?: string[]; reference?: string } = {},
): Promise<Account> {
  const body = { name: "Jane Doe", base_currency: "EUR", funding_currencies: ["EUR"], ...input };
  return expectVendorBody<Account>(await sophicFetch(client, "POST", "/accounts", body), 201, "Account");
}

export type DepositInput = { amount?: unknown; currency?: string; payment_reference?: string; request_advance?: boolean };

export function postDeposit(client: SophicClient, accountId: string, input: DepositInput = {}, headers: Record<string, string> = {}): Promise<Response> {
  return sophicFetch(client, "POST", `/accounts/${accountId}/deposits`, { amount: "100.00", currency: "EUR", ...input }, headers);
}

export async function createDeposit(client: SophicClient, accountId: string, input: DepositInput = {}): Promise<Deposit> {
  return expectVendorBody<Deposit>(await postDeposit(client, accountId, input), 201, "Deposit");
}

export async function readDeposit(client: SophicClient, accountId: string, depositId: string): Promise<Deposit> {
  return expectVendorBody<Deposit>(await sophicFetch(client, "GET", `/accounts/${accountId}/deposits/${depositId}`), 200, "Deposit");
}

export async function listDeposits(client: SophicClient, accountId: string, query = ""): Promise<Deposit[]> {
  return expectVendorBody<Deposit[]>(await sophicFetch(client, "GET", `/accounts/${accountId}/deposits${query}`), 200, "Deposit", { list: true });
}

export function cancelDeposit(client: SophicClient, accountId: string, depositId: string, headers: Record<string, string> = {}): Promise<Response> {
  return sophicFetch(client, "POST", `/accounts/${accountId}/deposits/${depositId}/cancel`, undefined, headers);
}

export async function cashBalances(client: SophicClient, accountId: string): Promise<CashBalance[]> {
  return expectVendorBody<CashBalance[]>(await sophicFetch(client, "GET", `/accounts/${accountId}/cash-balances`), 200, "CashBalance", { list: true });
}

/** The one balance row of a currency. */
export async function cashBalance(client: SophicClient, accountId: string, currency = "EUR"): Promise<CashBalance> {
  const row = (await cashBalances(client, accountId)).find((balance) => balance.currency === currency);
  if (row === undefined) throw new Error(`no ${currency} cash balance on account ${accountId}`);
  return row;
}

export function postPayment(client: SophicClient, input: { payment_reference: string; amount: unknown; currency?: string }, headers: Record<string, string> = {}): Promise<Response> {
  return sophicFetch(client, "POST", "/inbound-payments", { currency: "EUR", ...input }, headers);
}

export async function reportPayment(client: SophicClient, input: { payment_reference: string; amount: unknown; currency?: string }): Promise<InboundPaymentBody> {
  return expectInboundPayment(await postPayment(client, input));
}

export async function listTransactions(client: SophicClient, accountId: string, query = ""): Promise<Transaction[]> {
  return expectVendorBody<Transaction[]>(await sophicFetch(client, "GET", `/accounts/${accountId}/transactions${query}`), 200, "Transaction", { list: true });
}

export const zeroBalance = (currency = "EUR"): CashBalance => ({ currency, total: "0.00", available_for_trading: "0.00", available_for_withdrawal: "0.00", reserved: "0.00" });

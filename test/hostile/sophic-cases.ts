// Hostile requests to the Sophic dialect's accounts, deposits and inbound payments.
import type { PartnerWorld } from "../support/partner-world";
import { jsonWith, nestedArrays, nestedObjects, sophic, streamedBody, type HostileCase } from "./requests";

const account = (suffix = "") => (world: PartnerWorld) => `/accounts/${world.sophicAccountId}${suffix}`;
const deposits = account("/deposits");
const openDeposit = (suffix = "") => (world: PartnerWorld) => `/accounts/${world.sophicAccountId}/deposits/${world.openDepositId}${suffix}`;
const depositBody = (overrides: Record<string, unknown>) => ({ amount: "10.00", currency: "EUR", ...overrides });
/** A payment that would complete the world's open deposit, were it accepted. */
const paymentOf = (world: PartnerWorld, overrides: Record<string, unknown> = {}) => ({
  payment_reference: world.openReference,
  amount: world.openAmount,
  currency: "EUR",
  ...overrides,
});
const payment = (overrides: Record<string, unknown>) => (world: PartnerWorld) => paymentOf(world, overrides);
const rawAmount = (literal: string) => `{"amount":${literal},"currency":"EUR"}`;
const newAccount = { name: "Hostile", base_currency: "EUR", funding_currencies: ["EUR"] };

const accounts: HostileCase[] = [
  sophic("open account: 10,000 unclosed [", 400, "/accounts", { body: nestedArrays(10_000, false) }),
  sophic("open account: 30,000 nested arrays under an Idempotency-Key", 400, "/accounts", { body: nestedArrays(30_000), headers: { "Idempotency-Key": "deep-sophic" } }),
  sophic("open account: 10,000 nested objects under an Idempotency-Key", 400, "/accounts", { body: nestedObjects(10_000), headers: { "Idempotency-Key": "deep-objects" } }),
  sophic("open account: name smuggled in __proto__", 400, "/accounts", { body: jsonWith({ base_currency: "EUR", funding_currencies: ["EUR"] }, [["__proto__", { name: "x" }]]) }),
  sophic("open account: a currency twice", 400, "/accounts", { body: { ...newAccount, funding_currencies: ["EUR", "EUR"] } }),
  sophic("open account: 1,000 funding currencies", 400, "/accounts", { body: { ...newAccount, funding_currencies: Array.from({ length: 1_000 }, () => "EUR") } }),
  sophic("open account: funding_currencies a string", 400, "/accounts", { body: { ...newAccount, funding_currencies: "EUR" } }),
  sophic("open account: base currency €", 400, "/accounts", { body: { ...newAccount, base_currency: "€" } }),
  sophic("open account: a name of 60,000 characters", 400, "/accounts", { body: { ...newAccount, name: "n".repeat(60_000) } }),
  sophic("open account: Idempotency-Key of 256 characters", 400, "/accounts", { body: newAccount, headers: { "Idempotency-Key": "k".repeat(256) } }),
  sophic("read account: Arabic-Indic digits", 404, "/accounts/%D9%A1%D9%A0%D9%A0%D9%A1"),
  sophic("read account: the id and a NUL", 404, account("%00")),
  sophic("read account: 2^53+1", 404, "/accounts/9007199254740993"),
  sophic("read account: 0", 404, "/accounts/0"),
  sophic("read account: -1", 404, "/accounts/-1"),
  sophic("read account: %2e%2e", 404, "/accounts/%2e%2e"),
  sophic("read account: 1;DROP TABLE accounts", 404, "/accounts/1;DROP%20TABLE%20accounts"),
  sophic("cash balances: ' OR 1=1--", 404, "/accounts/'%20OR%201=1--/cash-balances"),
  // The partner's own Qash account is in MXN, which no Sophic body may carry.
  sophic("read account: the partner's Qash account in MXN", 422, (w) => `/accounts/${w.qashAccountId}`),
  sophic("cash balances: of the partner's Qash account in MXN", 422, (w) => `/accounts/${w.qashAccountId}/cash-balances`),
  sophic("transactions: of the partner's Qash account in MXN", 422, (w) => `/accounts/${w.qashAccountId}/transactions`),
  sophic("transactions: limit=1e9", 400, account("/transactions?limit=1e9")),
  sophic("transactions: limit=0", 400, account("/transactions?limit=0")),
  sophic("transactions: an unknown type", 400, account("/transactions?transaction_types=deposit,hack")),
  sophic("transactions: the type parameter 20 times", 400, account(`/transactions?${Array.from({ length: 20 }, () => "transaction_types=deposit").join("&")}`)),
];

const depositInputs: HostileCase[] = [
  sophic("deposit: amount in full-width digits", 400, deposits, { body: depositBody({ amount: "１００.００" }) }),
  sophic("deposit: amount in Arabic-Indic digits", 400, deposits, { body: depositBody({ amount: "١٠٠" }) }),
  sophic("deposit: amount '1e308'", 400, deposits, { body: depositBody({ amount: "1e308" }) }),
  sophic("deposit: amount 1e308", 400, deposits, { body: rawAmount("1e308") }),
  sophic("deposit: amount -0", 400, deposits, { body: rawAmount("-0") }),
  sophic("deposit: amount '-0'", 400, deposits, { body: depositBody({ amount: "-0" }) }),
  sophic("deposit: amount 2^53+1", 400, deposits, { body: rawAmount("9007199254740993") }),
  sophic("deposit: amount '9007199254740993.00'", 400, deposits, { body: depositBody({ amount: "9007199254740993.00" }) }),
  sophic("deposit: amount 'NaN'", 400, deposits, { body: depositBody({ amount: "NaN" }) }),
  sophic("deposit: amount 'Infinity'", 400, deposits, { body: depositBody({ amount: "Infinity" }) }),
  sophic("deposit: amount '0x10'", 400, deposits, { body: depositBody({ amount: "0x10" }) }),
  sophic("deposit: amount '1_000.00'", 400, deposits, { body: depositBody({ amount: "1_000.00" }) }),
  sophic("deposit: amount with a NUL", 400, deposits, { body: depositBody({ amount: "100.00\u0000" }) }),
  sophic("deposit: amount an object", 400, deposits, { body: depositBody({ amount: { value: "100.00" } }) }),
  sophic("deposit: currency eur", 400, deposits, { body: depositBody({ currency: "eur" }) }),
  sophic("deposit: request_advance 'true'", 400, deposits, { body: depositBody({ request_advance: "true" }) }),
  sophic("deposit: reference ' OR 1=1--", 400, deposits, { body: depositBody({ payment_reference: "' OR 1=1--" }) }),
  sophic("deposit: reference ../../etc", 400, deposits, { body: depositBody({ payment_reference: "../../etc" }) }),
  sophic("deposit: reference of 36 characters", 400, deposits, { body: depositBody({ payment_reference: "R".repeat(36) }) }),
  sophic("deposit: reference the open deposit's generated one, in lower case", 400, deposits, { body: (w) => depositBody({ payment_reference: w.openReference.toLowerCase() }) }),
  sophic("deposit: amount smuggled in __proto__", 400, deposits, { body: jsonWith({ currency: "EUR" }, [["__proto__", { amount: "10.00" }]]) }),
  sophic("deposit: amount smuggled in constructor.prototype", 400, deposits, { body: jsonWith({ currency: "EUR" }, [["constructor", { prototype: { amount: "10.00" } }]]) }),
  sophic("deposit: 10,000 nested objects", 400, deposits, { body: nestedObjects(10_000) }),
  sophic("deposit: Idempotency-Key empty", 400, deposits, { body: depositBody({}), headers: { "Idempotency-Key": "" } }),
  sophic("deposit: Idempotency-Key of 256 characters", 400, deposits, { body: depositBody({}), headers: { "Idempotency-Key": "k".repeat(256) } }),
  sophic("deposit: JSON sent as text/plain", 415, deposits, { body: depositBody({}), headers: { "Content-Type": "text/plain" } }),
  sophic("deposit: a body over 64 KiB", 413, deposits, { body: depositBody({ pad: "p".repeat(70_000) }) }),
  sophic("deposit: a streamed body over 64 KiB", 413, deposits, { body: () => streamedBody(80_000) }),
  sophic("deposit: on an Arabic-Indic account id", 404, "/accounts/%D9%A1%D9%A0%D9%A0%D9%A1/deposits", { body: depositBody({}) }),
  sophic("deposit: on account 1;DROP TABLE accounts", 404, "/accounts/1;DROP%20TABLE%20accounts/deposits", { body: depositBody({}) }),
];

const depositReads: HostileCase[] = [
  sophic("deposits: limit=1000000000", 400, account("/deposits?limit=1000000000")),
  sophic("deposits: limit=-1", 400, account("/deposits?limit=-1")),
  sophic("deposits: limit=0", 400, account("/deposits?limit=0")),
  sophic("deposits: starting_after=abc", 400, account("/deposits?starting_after=abc")),
  sophic("deposits: of the partner's Qash account in MXN", 422, (w) => `/accounts/${w.qashAccountId}/deposits`),
  sophic("deposits: status=OPEN", 400, account("/deposits?status=OPEN")),
  sophic("deposits: limit a broken percent-escape", 400, account("/deposits?limit=%zz")),
  sophic("deposit: Arabic-Indic deposit id", 404, account("/deposits/%D9%A1")),
  sophic("deposit: ' OR 1=1--", 404, account("/deposits/'%20OR%201=1--")),
  sophic("deposit: ..%2f..%2f", 404, account("/deposits/..%2f..%2f")),
  sophic("cancel: the deposit id and a NUL", 404, openDeposit("%00/cancel"), { method: "POST" }),
  sophic("cancel: Idempotency-Key empty", 400, openDeposit("/cancel"), { method: "POST", headers: { "Idempotency-Key": "" } }),
  sophic("cancel: Idempotency-Key of 256 characters", 400, openDeposit("/cancel"), { method: "POST", headers: { "Idempotency-Key": "k".repeat(256) } }),
  sophic("DELETE the deposit", 405, openDeposit(), { method: "DELETE" }),
];

const payments: HostileCase[] = [
  sophic("payment: Idempotency-Key empty on a payment that would match", 400, "/inbound-payments", { body: payment({}), headers: { "Idempotency-Key": "" } }),
  sophic("payment: Idempotency-Key of 256 characters on a payment that would match", 400, "/inbound-payments", { body: payment({}), headers: { "Idempotency-Key": "k".repeat(256) } }),
  sophic("payment: the matching amount in full-width digits", 400, "/inbound-payments", { body: payment({ amount: "１００.００" }) }),
  sophic("payment: amount 1e308", 400, "/inbound-payments", { body: (w) => JSON.stringify(paymentOf(w)).replace(/"amount":"[^"]*"/, '"amount":1e308') }),
  sophic("payment: currency XXX", 400, "/inbound-payments", { body: payment({ currency: "XXX" }) }),
  sophic("payment: reference smuggled in __proto__", 400, "/inbound-payments", { body: (w) => jsonWith({ amount: w.openAmount, currency: "EUR" }, [["__proto__", { payment_reference: w.openReference }]]) }),
  sophic("payment: reference with a NUL", 400, "/inbound-payments", { body: (w) => paymentOf(w, { payment_reference: `${w.openReference}\u0000` }) }),
  sophic("payment: 10,000 nested arrays", 400, "/inbound-payments", { body: nestedArrays(10_000) }),
  sophic("payment: the matching body as text/plain", 415, "/inbound-payments", { body: payment({}), headers: { "Content-Type": "text/plain" } }),
  sophic("payment: two Authorization values", 401, "/inbound-payments", { body: payment({}), append: (w) => [["Authorization", w.sophic.headers.Authorization ?? ""]] }),
  sophic("payment: no Authorization", 401, "/inbound-payments", { body: payment({}), headers: { Authorization: null } }),
  sophic("payment: the token in the query string", 401, (w) => `/inbound-payments?access_token=${(w.sophic.headers.Authorization ?? "").replace("Bearer ", "")}`, { body: payment({}), headers: { Authorization: null } }),
  sophic("payment: Basic instead of Bearer", 401, "/inbound-payments", { body: payment({}), headers: { Authorization: `Basic ${btoa("a:b")}` } }),
];

export const sophicCases: HostileCase[] = [...accounts, ...depositInputs, ...depositReads, ...payments];

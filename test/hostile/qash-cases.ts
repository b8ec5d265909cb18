// Hostile requests to the Qash dialect (/api/v1): every endpoint, every kind of bad input.
import type { PartnerWorld } from "../support/partner-world";
import { jsonWith, nestedArrays, nestedObjects, qashPartner, qashUser, streamedBody, type HostileCase } from "./requests";

const depositOf = (world: PartnerWorld, overrides: Record<string, unknown> = {}) => ({
  toAccountId: world.qashAccountId,
  amount: 100,
  currency: "MXN",
  provider: "irisbank",
  description: "Top-up",
  ...overrides,
});
const deposit = (overrides: Record<string, unknown>) => (world: PartnerWorld) => depositOf(world, overrides);
const newUser = { userType: "personal", email: "hostile@example.com", countryCode: "MX" };
const user = (suffix: string) => (world: PartnerWorld) => `/api/v1/partner/users/${world.qash.userId}${suffix}`;
const accountMode = (query: string) => (world: PartnerWorld) => `/api/v1/user/transactions?accountId=${world.qashAccountId}&${query}`;

const malformed: HostileCase[] = [
  qashUser("deposit: 10,000 unclosed [", 400, "/api/v1/user/deposit", { body: nestedArrays(10_000, false) }),
  qashUser("deposit: 10,000 nested arrays", 400, "/api/v1/user/deposit", { body: nestedArrays(10_000) }),
  qashUser("deposit: 30,000 nested arrays, just under the body limit", 400, "/api/v1/user/deposit", { body: nestedArrays(30_000) }),
  qashUser("deposit: 10,000 nested objects", 400, "/api/v1/user/deposit", { body: nestedObjects(10_000) }),
  qashUser("deposit: metadata nested 20,000 deep", 400, "/api/v1/user/deposit", { body: (w) => JSON.stringify(depositOf(w)).replace(/}$/, `,"metadata":{"x":${nestedArrays(20_000)}}}`) }),
  qashUser("deposit: truncated JSON", 400, "/api/v1/user/deposit", { body: '{"toAccountId": 1, "amount": ' }),
  qashUser("deposit: body null", 400, "/api/v1/user/deposit", { body: "null" }),
  qashUser("deposit: body a JSON string", 400, "/api/v1/user/deposit", { body: '"deposit"' }),
  qashUser("deposit: empty body", 400, "/api/v1/user/deposit", { body: "" }),
  qashUser("accounts: 10,000 nested arrays under an Idempotency-Key", 400, "/api/v1/user/accounts", { body: nestedArrays(10_000), headers: { "Idempotency-Key": "deep-accounts" } }),
  qashUser("accounts: 30,000 nested arrays under an Idempotency-Key", 400, "/api/v1/user/accounts", { body: nestedArrays(30_000), headers: { "Idempotency-Key": "deeper-accounts" } }),
  qashPartner("users: 10,000 nested objects under an Idempotency-Key", 400, "/api/v1/partner/users", { body: nestedObjects(10_000), headers: { "Idempotency-Key": "deep-users" } }),
  qashPartner("users: body a number", 400, "/api/v1/partner/users", { body: "12" }),
  qashPartner("token: userId an object (operator injection)", 400, "/api/v1/partner/auth/token", { body: { userId: { $ne: null } } }),
  qashPartner("token: userId a number", 400, "/api/v1/partner/auth/token", { body: { userId: 123 } }),
  qashPartner("patch user: status an array", 400, user(""), { method: "PATCH", body: { status: ["active"] } }),
  qashUser("accounts: type ASSET", 400, "/api/v1/user/accounts", { body: { description: "x", asset: "MXN", type: "ASSET" } }),
];

const pollution: HostileCase[] = [
  qashUser("deposit: toAccountId smuggled in __proto__", 400, "/api/v1/user/deposit", {
    body: (w) => jsonWith({ amount: 100, currency: "MXN", provider: "p", description: "d" }, [["__proto__", { toAccountId: w.qashAccountId }]]),
  }),
  qashUser("deposit: amount smuggled in constructor.prototype", 400, "/api/v1/user/deposit", {
    body: (w) => jsonWith({ toAccountId: w.qashAccountId, currency: "MXN", provider: "p", description: "d" }, [["constructor", { prototype: { amount: 100 } }]]),
  }),
  qashUser("deposit: metadata with __proto__", 400, "/api/v1/user/deposit", { body: (w) => jsonWith(depositOf(w), [["metadata", JSON.parse('{"__proto__":{"polluted":true}}')]]) }),
  qashUser("deposit: metadata with constructor.prototype", 400, "/api/v1/user/deposit", { body: deposit({ metadata: { constructor: { prototype: { polluted: true } } } }) }),
  qashUser("deposit: metadata.payer with prototype", 400, "/api/v1/user/deposit", { body: deposit({ metadata: { payer: { prototype: { polluted: true } } } }) }),
  qashPartner("users: email smuggled in __proto__", 400, "/api/v1/partner/users", { body: jsonWith({ userType: "personal", countryCode: "MX" }, [["__proto__", { email: "x@example.com" }]]) }),
  qashPartner("patch user: status smuggled in __proto__", 400, user(""), { method: "PATCH", body: jsonWith({}, [["__proto__", { status: "banned" }]]) }),
  qashPartner("token: userId smuggled in __proto__", 400, "/api/v1/partner/auth/token", { body: (w) => jsonWith({}, [["__proto__", { userId: w.qash.userId }]]) }),
];

const amounts: HostileCase[] = [
  qashUser("deposit: amount 1e308", 400, "/api/v1/user/deposit", { body: (w) => JSON.stringify(depositOf(w)).replace('"amount":100', '"amount":1e308') }),
  qashUser("deposit: amount -0", 400, "/api/v1/user/deposit", { body: (w) => JSON.stringify(depositOf(w)).replace('"amount":100', '"amount":-0') }),
  qashUser("deposit: amount 2^53+1", 400, "/api/v1/user/deposit", { body: (w) => JSON.stringify(depositOf(w)).replace('"amount":100', '"amount":9007199254740993') }),
  qashUser("deposit: amount the maximum + 1", 400, "/api/v1/user/deposit", { body: deposit({ amount: 1_000_000_000_000_001 }) }),
  qashUser("deposit: amount 'NaN'", 400, "/api/v1/user/deposit", { body: deposit({ amount: "NaN" }) }),
  qashUser("deposit: amount NaN, bare", 400, "/api/v1/user/deposit", { body: (w) => JSON.stringify(depositOf(w)).replace('"amount":100', '"amount":NaN') }),
  qashUser("deposit: amount 'Infinity'", 400, "/api/v1/user/deposit", { body: deposit({ amount: "Infinity" }) }),
  qashUser("deposit: amount 1e-7", 400, "/api/v1/user/deposit", { body: deposit({ amount: 1e-7 }) }),
  qashUser("deposit: amount true", 400, "/api/v1/user/deposit", { body: deposit({ amount: true }) }),
  qashUser("deposit: amount [100]", 400, "/api/v1/user/deposit", { body: deposit({ amount: [100] }) }),
  qashUser("deposit: amount in Arabic-Indic digits", 400, "/api/v1/user/deposit", { body: deposit({ amount: "١٠٠" }) }),
  qashUser("deposit: toAccountId in full-width digits", 400, "/api/v1/user/deposit", { body: (w) => depositOf(w, { toAccountId: String(w.qashAccountId).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) }) }),
  qashUser("deposit: currency with a NUL", 400, "/api/v1/user/deposit", { body: deposit({ currency: "MXN\u0000" }) }),
];

const pages: HostileCase[] = [
  qashUser("balance: limit=1e9", 400, "/api/v1/user/balance?limit=1e9"),
  qashUser("balance: limit=1000000000", 400, "/api/v1/user/balance?limit=1000000000"),
  qashUser("balance: limit=-1", 400, "/api/v1/user/balance?limit=-1"),
  qashUser("balance: limit=0", 400, "/api/v1/user/balance?limit=0"),
  qashUser("balance: page=0", 400, "/api/v1/user/balance?page=0"),
  qashUser("balance: limit in full-width digits", 400, "/api/v1/user/balance?limit=%EF%BC%91%EF%BC%90"),
  qashUser("balance: limit a broken percent-escape", 400, "/api/v1/user/balance?limit=%E0%A4%A"),
  qashUser("accounts list: limit=1e9", 400, "/api/v1/user/accounts?limit=1e9"),
  qashUser("transactions: size=101", 400, "/api/v1/user/transactions?size=101"),
  qashUser("transactions: size twice", 400, "/api/v1/user/transactions?size=10&size=20"),
  qashUser("transactions: offset=-1", 400, accountMode("limit=10&offset=-1")),
  qashUser("transactions: offset=1e9", 400, accountMode("limit=10&offset=1e9")),
  qashUser("transactions: accountId in Arabic-Indic digits", 400, "/api/v1/user/transactions?accountId=%D9%A1%D9%A0%D9%A0%D9%A1&limit=10&offset=0"),
];

const paths: HostileCase[] = [
  qashPartner("read user: ' OR 1=1--", 404, "/api/v1/partner/users/'%20OR%201=1--"),
  qashPartner("read user: 1;DROP TABLE users", 404, "/api/v1/partner/users/1;DROP%20TABLE%20users"),
  qashPartner("read user: ..%2f..%2fadmin", 404, "/api/v1/partner/users/..%2f..%2fadmin"),
  qashPartner("read user: %00", 404, "/api/v1/partner/users/%00"),
  qashPartner("read user: the user's id and a NUL", 404, user("%00")),
  qashPartner("read user: an id of 300 characters", 400, `/api/v1/partner/users/${"u".repeat(300)}`),
  qashPartner("patch user: ' OR '1'='1", 404, "/api/v1/partner/users/'%20OR%20'1'='1", { method: "PATCH", body: { status: "active" } }),
  qashPartner("token: userId ' OR 1=1--", 404, "/api/v1/partner/auth/token", { body: { userId: "' OR 1=1--" } }),
  qashUser("transaction: 1;DROP TABLE transactions", 400, "/api/v1/user/transactions/1;DROP%20TABLE%20transactions"),
  qashUser("transaction: 1 OR 1=1", 400, "/api/v1/user/transactions/1%20OR%201=1"),
  qashUser("transaction: 2^53+1", 400, "/api/v1/user/transactions/9007199254740993"),
  qashUser("transaction: Arabic-Indic digits", 400, "/api/v1/user/transactions/%D9%A1"),
  qashUser("PUT on the deposit", 405, "/api/v1/user/deposit", { method: "PUT", body: deposit({}) }),
  qashPartner("DELETE a user", 405, user(""), { method: "DELETE" }),
  qashUser("an unknown route under /api/v1", 404, "/api/v1/user/withdraw", { body: deposit({}) }),
];

const headers: HostileCase[] = [
  qashUser("two X-Api-Key values", 401, "/api/v1/user/balance", { append: (w) => [["X-Api-Key", w.partner.apiKey]] }),
  qashUser("two X-Api-Secret values", 401, "/api/v1/user/deposit", { body: deposit({}), append: (w) => [["X-Api-Secret", w.partner.apiSecret]] }),
  qashUser("two Authorization values", 401, "/api/v1/user/deposit", { body: deposit({}), append: (w) => [["Authorization", `Bearer ${w.qash.accessToken}`]] }),
  qashUser("no X-Api-Key", 401, "/api/v1/user/deposit", { body: deposit({}), headers: { "X-Api-Key": null } }),
  qashUser("X-Api-Key ' OR 1=1--", 401, "/api/v1/user/balance", { headers: { "X-Api-Key": "' OR 1=1--" } }),
  qashUser("no Authorization", 401, "/api/v1/user/deposit", { body: deposit({}), headers: { Authorization: null } }),
  qashUser("a 10 KiB bearer token", 401, "/api/v1/user/me", { headers: { Authorization: `Bearer ${"t".repeat(10_240)}` } }),
  qashUser("Idempotency-Key empty", 400, "/api/v1/user/deposit", { body: deposit({}), headers: { "Idempotency-Key": "" } }),
  qashUser("Idempotency-Key of 256 characters", 400, "/api/v1/user/deposit", { body: deposit({}), headers: { "Idempotency-Key": "k".repeat(256) } }),
  qashUser("accounts: Idempotency-Key of 256 characters", 400, "/api/v1/user/accounts", { body: { description: "x", asset: "MXN" }, headers: { "Idempotency-Key": "k".repeat(256) } }),
  qashPartner("users: Idempotency-Key empty", 400, "/api/v1/partner/users", { body: newUser, headers: { "Idempotency-Key": "" } }),
];

const bodies: HostileCase[] = [
  qashUser("deposit: JSON sent as text/plain", 415, "/api/v1/user/deposit", { body: deposit({}), headers: { "Content-Type": "text/plain" } }),
  qashUser("deposit: JSON without Content-Type", 415, "/api/v1/user/deposit", { body: deposit({}), headers: { "Content-Type": null } }),
  qashUser("accounts: form-encoded", 415, "/api/v1/user/accounts", { body: "description=x&asset=MXN", headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
  qashPartner("users: multipart", 415, "/api/v1/partner/users", { body: "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx@example.com\r\n--b--", headers: { "Content-Type": "multipart/form-data; boundary=b" } }),
  qashUser("deposit: a body over 64 KiB", 413, "/api/v1/user/deposit", { body: deposit({ description: "d".repeat(70_000) }) }),
  qashUser("deposit: a streamed body over 64 KiB", 413, "/api/v1/user/deposit", { body: () => streamedBody(80_000) }),
  qashPartner("users: an email of 100,000 characters", 413, "/api/v1/partner/users", { body: { ...newUser, email: `${"e".repeat(100_000)}@example.com` } }),
  qashUser("accounts: a description of 60,000 characters", 400, "/api/v1/user/accounts", { body: { description: "d".repeat(60_000), asset: "MXN" } }),
];

export const qashCases: HostileCase[] = [...malformed, ...pollution, ...amounts, ...pages, ...paths, ...headers, ...bodies];

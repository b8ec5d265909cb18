// The tenancy matrix: every account- or resource-scoped endpoint of both dialects, called by a stranger
// (another partner) against the owner's ids, or with credentials of the two partners mixed.
import { SELF } from "cloudflare:test";
import type { ErrorDialect } from "../support/error-dialects";
import { BASE, partnerHeaders } from "../support/fixtures";
import type { PartnerWorld } from "../support/partner-world";

export type TenancyCase = {
  name: string;
  dialect: ErrorDialect;
  status: number;
  send: (owner: PartnerWorld, stranger: PartnerWorld) => Promise<Response>;
};

function call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

type Target = { name: string; method: string; path: (owner: PartnerWorld, stranger: PartnerWorld) => string; body?: (owner: PartnerWorld) => unknown };

const depositOf = (owner: PartnerWorld) => ({ toAccountId: owner.qashAccountId, amount: 500, currency: "MXN", provider: "p", description: "tenancy" });

/** Qash user routes naming the owner's ids; a stranger's own session must find nothing there. */
const qashForeignIds: Target[] = [
  { name: "POST /user/deposit to the owner's account", method: "POST", path: () => "/api/v1/user/deposit", body: depositOf },
  { name: "GET /user/transactions for the owner's account", method: "GET", path: (o) => `/api/v1/user/transactions?accountId=${o.qashAccountId}&limit=10&offset=0` },
  { name: "GET /user/transactions/{the owner's transaction}", method: "GET", path: (o) => `/api/v1/user/transactions/${o.qashTransactionId}` },
];

/** Qash partner routes naming the owner's user. */
const qashForeignUsers: Target[] = [
  { name: "GET /partner/users/{the owner's user}", method: "GET", path: (o) => `/api/v1/partner/users/${o.qash.userId}` },
  { name: "PATCH /partner/users/{the owner's user}", method: "PATCH", path: (o) => `/api/v1/partner/users/${o.qash.userId}`, body: () => ({ status: "banned" }) },
  { name: "POST /partner/auth/token for the owner's user", method: "POST", path: () => "/api/v1/partner/auth/token", body: (o) => ({ userId: o.qash.userId }) },
];

/** Every Qash user route, for the owner's token behind the stranger's partner headers. */
const qashUserRoutes: Target[] = [
  ...qashForeignIds,
  { name: "GET /user/me", method: "GET", path: () => "/api/v1/user/me" },
  { name: "GET /user/accounts", method: "GET", path: () => "/api/v1/user/accounts" },
  { name: "POST /user/accounts", method: "POST", path: () => "/api/v1/user/accounts", body: () => ({ description: "tenancy", asset: "MXN" }) },
  { name: "GET /user/balance", method: "GET", path: () => "/api/v1/user/balance" },
  { name: "GET /user/transactions", method: "GET", path: () => "/api/v1/user/transactions" },
];

/** Sophic routes naming the owner's account, deposit or event. */
const sophicForeignIds: Target[] = [
  { name: "GET /accounts/{the owner's account}", method: "GET", path: (o) => `/accounts/${o.sophicAccountId}` },
  { name: "GET /accounts/{the owner's Qash-opened account}", method: "GET", path: (o) => `/accounts/${o.qashAccountId}` },
  { name: "GET /accounts/{the owner's}/cash-balances", method: "GET", path: (o) => `/accounts/${o.sophicAccountId}/cash-balances` },
  { name: "GET /accounts/{the owner's}/transactions", method: "GET", path: (o) => `/accounts/${o.sophicAccountId}/transactions` },
  { name: "POST /accounts/{the owner's}/deposits", method: "POST", path: (o) => `/accounts/${o.sophicAccountId}/deposits`, body: () => ({ amount: "10.00", currency: "EUR", request_advance: true }) },
  { name: "GET /accounts/{the owner's}/deposits", method: "GET", path: (o) => `/accounts/${o.sophicAccountId}/deposits` },
  { name: "GET /accounts/{the owner's}/deposits/{the owner's}", method: "GET", path: (o) => `/accounts/${o.sophicAccountId}/deposits/${o.openDepositId}` },
  { name: "GET /accounts/{the stranger's}/deposits/{the owner's}", method: "GET", path: (o, s) => `/accounts/${s.sophicAccountId}/deposits/${o.openDepositId}` },
  { name: "POST /accounts/{the owner's}/deposits/{the owner's}/cancel", method: "POST", path: (o) => `/accounts/${o.sophicAccountId}/deposits/${o.openDepositId}/cancel` },
  { name: "POST /accounts/{the stranger's}/deposits/{the owner's}/cancel", method: "POST", path: (o, s) => `/accounts/${s.sophicAccountId}/deposits/${o.openDepositId}/cancel` },
  { name: "GET /events/{the owner's event}", method: "GET", path: (o) => `/events/${o.eventId}` },
];

const strangerSession = (_owner: PartnerWorld, stranger: PartnerWorld) => stranger.qash.headers;
const strangerPartner = (_owner: PartnerWorld, stranger: PartnerWorld) => partnerHeaders(stranger.partner);
const strangerClient = (_owner: PartnerWorld, stranger: PartnerWorld) => stranger.sophic.headers;
/** The stranger's partner headers carrying the owner's user token: a pairing no partner can make legitimately. */
const mixedUserToken = (owner: PartnerWorld, stranger: PartnerWorld) => ({ ...partnerHeaders(stranger.partner), Authorization: `Bearer ${owner.qash.accessToken}` });
/** The owner's API key with the stranger's secret. */
const mixedSecret = (owner: PartnerWorld, stranger: PartnerWorld) => ({ ...partnerHeaders(owner.partner), "X-Api-Secret": stranger.partner.apiSecret, Authorization: `Bearer ${owner.qash.accessToken}` });

function casesOf(
  targets: Target[],
  dialect: TenancyCase["dialect"],
  status: number,
  credentials: { label: string; headers: (owner: PartnerWorld, stranger: PartnerWorld) => Record<string, string> },
): TenancyCase[] {
  return targets.map((target) => ({
    name: `${target.name} ${credentials.label}`,
    dialect,
    status,
    send: (owner, stranger) => call(target.method, target.path(owner, stranger), credentials.headers(owner, stranger), target.body?.(owner)),
  }));
}

const ownCredentials = "with the stranger's own valid credentials";

export const tenancyCases: TenancyCase[] = [
  ...casesOf(qashForeignIds, "qash", 404, { label: ownCredentials, headers: strangerSession }),
  ...casesOf(qashForeignUsers, "qash", 404, { label: ownCredentials, headers: strangerPartner }),
  ...casesOf(sophicForeignIds, "sophic", 404, { label: ownCredentials, headers: strangerClient }),
  ...casesOf(qashUserRoutes, "qash", 401, { label: "with the owner's user token behind the stranger's partner headers", headers: mixedUserToken }),
  ...casesOf([...qashUserRoutes, ...qashForeignUsers], "qash", 401, { label: "with the owner's API key and the stranger's secret", headers: mixedSecret }),
  {
    name: "POST /auth/token with the owner's client_id and the stranger's secret",
    dialect: "oauth",
    status: 401,
    send: (owner, stranger) =>
      SELF.fetch(`${BASE}/auth/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: owner.partner.apiKey, client_secret: stranger.partner.apiSecret }).toString(),
      }),
  },
];

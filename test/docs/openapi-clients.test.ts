// What generated clients and Swagger UI read from /openapi.json besides paths and bodies: the name of each
// operation, where to send requests, and the license.
import { beforeAll, describe, expect, it } from "vitest";
import { BASE } from "../support/fixtures";
import { fetchDocument, operationsOf, type OpenApiDocument } from "../support/openapi";

/**
 * Generated clients name their methods after these (openapi-typescript's `operations`, a Swagger UI deep
 * link), so renaming one breaks every partner's build: they are part of the contract. A dialect prefix
 * wherever both dialects have the verb (an account, a deposit, a token, transactions), and on every other
 * operation of a dialect too, so that a verb one dialect gains later renames nothing.
 */
const operation_ids: Record<string, string> = {
  "GET /health": "getHealth",
  "GET /docs": "getDocsPage",
  "GET /openapi.json": "getOpenApiDocument",
  "POST /admin/partners": "createPartner",
  "GET /admin/audit": "auditLedger",
  "POST /api/v1/partner/users": "qashRegisterUser",
  "GET /api/v1/partner/users/{userId}": "qashGetUser",
  "PATCH /api/v1/partner/users/{userId}": "qashChangeUserStatus",
  "POST /api/v1/partner/auth/token": "qashIssueUserToken",
  "GET /api/v1/user/me": "qashGetCurrentUser",
  "POST /api/v1/user/accounts": "qashOpenAccount",
  "GET /api/v1/user/accounts": "qashListAccounts",
  "GET /api/v1/user/balance": "qashListBalances",
  "POST /api/v1/user/deposit": "qashDepositFunds",
  "GET /api/v1/user/transactions": "qashListTransactions",
  "GET /api/v1/user/transactions/{id}": "qashGetTransaction",
  "POST /auth/token": "sophicIssueToken",
  "GET /auth/whoami": "sophicWhoAmI",
  "POST /accounts": "sophicOpenAccount",
  "GET /accounts/{account_id}": "sophicGetAccount",
  "GET /accounts/{account_id}/cash-balances": "sophicListCashBalances",
  "POST /accounts/{account_id}/deposits": "sophicCreateDeposit",
  "GET /accounts/{account_id}/deposits": "sophicListDeposits",
  "GET /accounts/{account_id}/deposits/{deposit_id}": "sophicGetDeposit",
  "POST /accounts/{account_id}/deposits/{deposit_id}/cancel": "sophicCancelDeposit",
  "GET /accounts/{account_id}/transactions": "sophicListTransactions",
  "POST /inbound-payments": "sophicReportInboundPayment",
  "GET /events": "listEvents",
  "GET /events/{event_id}": "getEvent",
};

let document: OpenApiDocument;
beforeAll(async () => {
  document = await fetchDocument();
});

describe("what generated clients read from /openapi.json", () => {
  it("names every operation with the stable operationId clients know it by", () => {
    const named = Object.fromEntries(operationsOf(document).map(({ method, path, operation }) => [`${method.toUpperCase()} ${path}`, operation.operationId]));
    expect(named).toEqual(operation_ids);
    const names = Object.values(operation_ids);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !/^[a-z][A-Za-z]*$/.test(name))).toEqual([]);
  });

  it("sends requests to the Worker that served the document, wherever it runs", () => {
    // A relative server URL resolves against the document's own URL (OpenAPI 3.1, §4.8.5).
    expect(document.servers?.map((server) => server.url)).toEqual(["/"]);
    expect(new URL(document.servers?.[0]?.url ?? "", `${BASE}/openapi.json`).origin).toBe(BASE);
  });

  it("states its license", () => {
    expect(document.info.license).toEqual({ name: "Apache-2.0", identifier: "Apache-2.0" });
  });
});

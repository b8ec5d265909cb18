// What generated clients and Swagger UI read from /openapi.json besides paths and bodies: the name of each
// operation, where to send requests, the license, and the types of the parameters they fill in.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { audit_accounts_per_call_max } from "../../src/admin/audit-routes";
import { events_wait_seconds_max, page_size_max } from "../../src/config/limits";
import { BASE, createPartner, sophicToken } from "../support/fixtures";
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

/** Ids and positions: as large as a query number can be (fifteen digits), never negative. */
const id_max = 10 ** 15 - 1;

/** Every whole-number parameter, with the bounds the Worker enforces. */
const integer_parameters: Record<string, [minimum: number, maximum: number]> = {
  "GET /api/v1/user/accounts query page": [1, 1_000_000],
  "GET /api/v1/user/accounts query limit": [1, page_size_max],
  "GET /api/v1/user/balance query page": [1, 1_000_000],
  "GET /api/v1/user/balance query limit": [1, page_size_max],
  "GET /api/v1/user/transactions query size": [1, page_size_max],
  "GET /api/v1/user/transactions query accountId": [1, id_max],
  "GET /api/v1/user/transactions query limit": [1, page_size_max],
  "GET /api/v1/user/transactions query offset": [0, 1_000_000_000],
  "GET /api/v1/user/transactions/{id} path id": [1, id_max],
  "GET /accounts/{account_id}/deposits query limit": [1, page_size_max],
  "GET /accounts/{account_id}/deposits query starting_after": [1, id_max],
  "GET /accounts/{account_id}/transactions query limit": [1, page_size_max],
  "GET /events query after": [0, id_max],
  "GET /events query limit": [1, page_size_max],
  "GET /events query wait": [0, events_wait_seconds_max],
  "GET /admin/audit query after": [0, id_max],
  "GET /admin/audit query limit": [1, audit_accounts_per_call_max],
  "GET /admin/audit query overdue_after_seconds": [0, 7 * 24 * 60 * 60],
};

function parametersOf(document: OpenApiDocument) {
  return operationsOf(document).flatMap(({ method, path, operation }) =>
    (operation.parameters ?? []).map((parameter) => ({ where: `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}`, parameter })),
  );
}

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

  it("types every whole-number parameter as an integer with the bounds the Worker enforces", () => {
    const integers = Object.fromEntries(
      parametersOf(document)
        .filter(({ parameter }) => parameter.schema?.type === "integer")
        .map(({ where, parameter }) => [where, [parameter.schema?.minimum, parameter.schema?.maximum]]),
    );
    expect(integers).toEqual(integer_parameters);
  });

  it("leaves no query parameter an unconstrained string (what an overridden schema looks like)", () => {
    const constraints = ["enum", "format", "pattern", "minLength", "maxLength"];
    const bare = parametersOf(document)
      .filter(({ parameter }) => parameter.in === "query" && parameter.schema?.type === "string")
      .filter(({ parameter }) => !constraints.some((keyword) => keyword in (parameter.schema as object)))
      .map(({ where }) => where);
    expect(bare).toEqual([]);
  });

  it("holds the feed's documented bounds to the Worker: the maximum passes, one more is refused", async () => {
    const headers = { Authorization: `Bearer ${await sophicToken(await createPartner())}` };
    const events = (query: string) => SELF.fetch(`${BASE}/events?${query}`, { headers });
    for (const name of ["after", "limit", "wait"]) {
      const [minimum, maximum] = integer_parameters[`GET /events query ${name}`] ?? [];
      if (minimum === undefined || maximum === undefined) throw new Error(`no bounds for ${name}`);
      // Waiting 25 s to prove `wait` takes its maximum would slow the suite; 0 (no wait) is its minimum.
      const accepted = name === "wait" ? minimum : maximum;
      expect((await events(`${name}=${accepted}`)).status, `${name}=${accepted}`).toBe(200);
      expect((await events(`${name}=${maximum + 1}`)).status, `${name}=${maximum + 1}`).toBe(400);
      if (minimum > 0) expect((await events(`${name}=${minimum - 1}`)).status, `${name}=${minimum - 1}`).toBe(400);
    }
  });

  it("gives Idempotency-Key no value for Swagger UI to prefill, so a second try is a new request", () => {
    const prefilled = parametersOf(document)
      .filter(({ parameter }) => parameter.name === "Idempotency-Key")
      .filter(({ parameter }) => [parameter.example, parameter.examples, parameter.schema?.example, parameter.schema?.examples, parameter.schema?.default].some((value) => value !== undefined))
      .map(({ where }) => where);
    expect(parametersOf(document).some(({ parameter }) => parameter.name === "Idempotency-Key")).toBe(true);
    expect(prefilled).toEqual([]);
  });
});

// GET /openapi.json: a valid OpenAPI 3.1 document that lists every endpoint of the contract, the security each
// one takes, every status it answers with that status's body, and the vendors' own examples.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import qashSeed from "../fixtures/vendor/qash-deposit-funds.txt?raw";
import sophicSeed from "../fixtures/vendor/sophic-create-a-deposit.txt?raw";
import { BASE } from "../support/fixtures";
import { describeErrors, fetchDocument, operationsOf, undocumentedProblems, type OpenApiDocument } from "../support/openapi";
import { openapi31SchemaId, openapi31Validator } from "./openapi-meta-schema";

/** Every endpoint of the contract (the README's API section), events included. */
const contract_endpoints = [
  "GET /health",
  "GET /openapi.json",
  "GET /docs",
  "POST /admin/partners",
  "POST /api/v1/partner/users",
  "GET /api/v1/partner/users/{userId}",
  "PATCH /api/v1/partner/users/{userId}",
  "POST /api/v1/partner/auth/token",
  "POST /api/v1/user/accounts",
  "GET /api/v1/user/accounts",
  "GET /api/v1/user/balance",
  "POST /api/v1/user/deposit",
  "GET /api/v1/user/transactions",
  "GET /api/v1/user/transactions/{id}",
  "POST /auth/token",
  "POST /accounts",
  "GET /accounts/{account_id}",
  "POST /accounts/{account_id}/deposits",
  "GET /accounts/{account_id}/deposits",
  "GET /accounts/{account_id}/deposits/{deposit_id}",
  "POST /accounts/{account_id}/deposits/{deposit_id}/cancel",
  "GET /accounts/{account_id}/cash-balances",
  "GET /accounts/{account_id}/transactions",
  "POST /inbound-payments",
  "GET /events",
  "GET /events/{event_id}",
];

const partnerKeyAndSecret = [{ QashApiKey: [], QashApiSecret: [] }];

/** The credentials each part of the surface takes: the contract's "Tenancy and credentials" and each dialect's header. */
function expectedSecurity(path: string): Record<string, string[]>[] {
  if (["/health", "/openapi.json", "/docs", "/auth/token"].includes(path)) return [];
  if (path.startsWith("/admin/")) return [{ AdminToken: [] }];
  if (path.startsWith("/api/v1/partner/")) return partnerKeyAndSecret;
  if (path.startsWith("/api/v1/user/")) return [{ QashApiKey: [], QashApiSecret: [], QashUserToken: [] }];
  return [{ HTTPBearer: [] }];
}

/** POSTs that issue tokens keep no idempotency record (README, "Idempotency"); every other POST honours the key. */
const token_endpoints = ["/api/v1/partner/auth/token", "/auth/token"];

/** The JSON blocks of a seed page, in order, each starting and ending at the start of a line. */
function jsonBlocks(page: string): Record<string, unknown>[] {
  return [...page.matchAll(/^\{\n[\s\S]*?\n\}$/gm)].map((match) => JSON.parse(match[0]) as Record<string, unknown>);
}

const placeholder = "<string>";

let document: OpenApiDocument;
beforeAll(async () => {
  document = await fetchDocument();
});

describe("GET /openapi.json", () => {
  it("is valid against the official OpenAPI 3.1 schema", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(openapi31SchemaId).toMatch(/^https:\/\/spec\.openapis\.org\/oas\/3\.1\/schema\//);
    const result = openapi31Validator().validate(document);
    expect(result.valid, describeErrors(result.errors)).toBe(true);
  });

  it("is checked for real: the schema refuses a broken document", () => {
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, { responses: unknown; parameters?: unknown }>> };
    const deposit = broken.paths["/api/v1/user/deposit"]?.post;
    if (deposit === undefined) throw new Error("the deposit operation is missing");
    deposit.parameters = [{ name: "Idempotency-Key", in: "nowhere" }];
    expect(openapi31Validator().validate(broken).valid).toBe(false);
  });

  it("is checked down to its schemas: a Schema Object that is not JSON Schema 2020-12 is refused", () => {
    for (const schema of [{ type: "nonsense" }, { properties: 7 }, { required: "code" }, 5]) {
      const broken = structuredClone(document);
      broken.components.schemas.QashError = schema as OpenApiDocument["components"]["schemas"][string];
      expect(openapi31Validator().validate(broken).valid, JSON.stringify(schema)).toBe(false);
    }
  });

  it("resolves every $ref inside the document", () => {
    const unresolved: string[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value === null || typeof value !== "object") return;
      for (const [key, item] of Object.entries(value)) {
        if (key === "$ref" && typeof item === "string") {
          const target = item.replace(/^#\//, "").split("/").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
          if (!item.startsWith("#/") || target === undefined) unresolved.push(item);
        } else visit(item);
      }
    };
    visit(document);
    expect(unresolved).toEqual([]);
  });

  it("lists every endpoint of the contract", () => {
    const listed = operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(contract_endpoints.filter((endpoint) => !listed.includes(endpoint))).toEqual([]);
  });

  it("lists every route the Worker serves, except the docs page's own files", () => {
    const listed = new Set(operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    const served = app.routes
      .filter((route) => route.method !== "ALL" && !route.path.startsWith("/docs/assets/"))
      .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z_]+)/g, "{$1}")}`);
    expect(served.filter((route) => !listed.has(route))).toEqual([]);
  });

  it("declares the security schemes of both dialects and the operator", () => {
    const described = { description: expect.any(String) };
    expect(document.components.securitySchemes).toEqual({
      AdminToken: { type: "http", scheme: "bearer", ...described },
      QashApiKey: { type: "apiKey", in: "header", name: "X-Api-Key", ...described },
      QashApiSecret: { type: "apiKey", in: "header", name: "X-Api-Secret", ...described },
      QashUserToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", ...described },
      HTTPBearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", ...described },
    });
  });

  it("gives each operation the credentials its path takes, and says so of the public ones (security: [])", () => {
    // An operation without `security` would inherit a document-wide default; a public one states it takes none.
    const wrong = operationsOf(document)
      .filter(({ path, operation }) => JSON.stringify(operation.security) !== JSON.stringify(expectedSecurity(path)))
      .map(({ method, path, operation }) => `${method} ${path}: ${JSON.stringify(operation.security)}`);
    expect(wrong).toEqual([]);
  });

  it("describes each operation: a summary, a tag, its path parameters, a success, and a body for every status", () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation.summary) problems.push(`${where}: no summary`);
      if ((operation.tags ?? []).length === 0) problems.push(`${where}: no tag`);
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!operation.parameters?.some((parameter) => parameter.in === "path" && parameter.name === name && parameter.required === true)) {
          problems.push(`${where}: path parameter ${name} is not declared`);
        }
      }
      const statuses = Object.keys(operation.responses);
      if (!statuses.some((status) => status.startsWith("2"))) problems.push(`${where}: no success response`);
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Object.values(response.content ?? {});
        if (media.length === 0 || media.some((entry) => entry.schema === undefined)) problems.push(`${where} ${status}: no body schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("declares the errors every kind of operation can answer", () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const where = `${method.toUpperCase()} ${path}`;
      const declares = (status: number) => operation.responses[String(status)] !== undefined;
      if (expectedSecurity(path).length > 0 && !declares(401)) problems.push(`${where}: secured, but no 401`);
      if (path.startsWith("/api/v1/user/") && !declares(403)) problems.push(`${where}: a user route, but no 403 for a user not active`);
      if (operation.requestBody !== undefined) {
        if (operation.requestBody.required !== true) problems.push(`${where}: the body is not marked required`);
        if (!declares(400)) problems.push(`${where}: takes a body, but no 400`);
        if (!declares(413)) problems.push(`${where}: takes a body, but no 413`);
        // @hono/zod-openapi refuses a JSON body sent as another media type; the token endpoint reads its form by hand.
        if (operation.requestBody.content["application/json"] !== undefined && !declares(415)) problems.push(`${where}: takes JSON, but no 415`);
      }
      if (operation.parameters?.some((parameter) => parameter.in === "query") && !declares(400)) problems.push(`${where}: takes a query, but no 400`);
      if (method === "post" && !token_endpoints.includes(path)) {
        if (!operation.parameters?.some((parameter) => parameter.in === "header" && parameter.name === "Idempotency-Key")) problems.push(`${where}: no Idempotency-Key header`);
        if (!declares(400) || !declares(409)) problems.push(`${where}: honours Idempotency-Key, but no 400 (too long) or 409 (conflict)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("shows Qash's own example for the deposit, request and answer", () => {
    const [seedRequest, seedResponse] = jsonBlocks(qashSeed);
    const deposit = document.paths["/api/v1/user/deposit"]?.post;
    expect(seedRequest).toHaveProperty("toAccountId");
    expect(deposit?.requestBody?.content["application/json"]?.example).toEqual(seedRequest);
    expect(deposit?.responses["200"]?.content?.["application/json"]?.example).toEqual(seedResponse);
  });

  it("shows Sophic's own example for the deposit, placeholders filled and made to agree", () => {
    const [seedRequest, seedResponse] = jsonBlocks(sophicSeed);
    if (seedRequest === undefined || seedResponse === undefined) throw new Error("the Sophic seed has no request and response examples");
    const deposit = document.paths["/accounts/{account_id}/deposits"]?.post;
    const request = deposit?.requestBody?.content["application/json"]?.example as Record<string, unknown>;
    const response = deposit?.responses["201"]?.content?.["application/json"]?.example as Record<string, unknown>;
    // The seed asks for no advance yet answers an advanced deposit completed while open; the example is the advanced, open one.
    const agreed: Record<string, unknown> = { request_advance: true, completed_at: null };
    for (const [seed, example] of [[seedRequest, request], [seedResponse, response]] as const) {
      expect(Object.keys(example).sort()).toEqual(Object.keys(seed).sort());
      for (const [key, value] of Object.entries(seed)) {
        if (value === placeholder) expect(example[key], key).toEqual(expect.stringMatching(/^[^<]+$/));
        else if (key in agreed) expect(example[key], key).toEqual(agreed[key]);
        else expect(example[key], key).toEqual(value);
      }
    }
    expect(response.payment_reference).toBe(request.payment_reference);
  });
});

/** Stand-ins for path parameters: well formed, and belonging to nobody. */
function concretePath(path: string): string {
  return path.replace(/\{userId\}/g, crypto.randomUUID()).replace(/\{[^}]+\}/g, "1");
}

describe("the document against the Worker's answers", () => {
  it("declares, with its body, what each operation answers a caller without credentials", async () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const contentType = Object.keys(operation.requestBody?.content ?? {})[0];
      const init: RequestInit = { method: method.toUpperCase() };
      if (contentType !== undefined) init.headers = { "Content-Type": contentType };
      if (contentType !== undefined) init.body = contentType === "application/json" ? "{}" : "";
      const url = `${BASE}${concretePath(path)}`;
      problems.push(...(await undocumentedProblems(document, method, url, await SELF.fetch(url, init))));
    }
    expect(problems).toEqual([]);
  });

  it("declares, with its body, the 413 of every operation that takes a body", async () => {
    const problems: string[] = [];
    const oversized = JSON.stringify({ padding: "x".repeat(70 * 1024) });
    for (const { method, path, operation } of operationsOf(document)) {
      const contentType = Object.keys(operation.requestBody?.content ?? {})[0];
      if (contentType === undefined) continue;
      const url = `${BASE}${concretePath(path)}`;
      const response = await SELF.fetch(url, { method: method.toUpperCase(), headers: { "Content-Type": contentType }, body: oversized });
      if (response.status !== 413) problems.push(`${method} ${path}: expected 413, got ${response.status}`);
      problems.push(...(await undocumentedProblems(document, method, url, response)));
    }
    expect(problems).toEqual([]);
  });

  it("declares the operator's answers with and without the token", async () => {
    const url = `${BASE}/admin/partners`;
    const created = await SELF.fetch(url, { method: "POST", headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify({ name: "Documented" }) });
    expect(created.status).toBe(201);
    expect(await undocumentedProblems(document, "post", url, created)).toEqual([]);
    const invalid = await SELF.fetch(url, { method: "POST", headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify({ name: "" }) });
    expect(invalid.status).toBe(400);
    expect(await undocumentedProblems(document, "post", url, invalid)).toEqual([]);
  });
});

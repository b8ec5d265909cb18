// The examples of /openapi.json's error responses: one per code each status answers, in the dialect's shape,
// valid against the declared schema, and equal to what the Worker really answers when it is provoked.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, createPartner, createUser, partnerHeaders, qashSession, sophicHeaders, type QashSession } from "../support/fixtures";
import { openQashAccount } from "../support/ledger";
import { describeErrors, errorCodeOf, examplesOf, fetchDocument, operationFor, operationsOf, schemaValidator, type OpenApiDocument } from "../support/openapi";

type Dialect = "qash" | "sophic" | "oauth";

function dialectOf(path: string): Dialect {
  if (path.startsWith("/api/v1/")) return "qash";
  return path === "/auth/token" ? "oauth" : "sophic";
}

/** The keys and casing of each dialect's error body (README, "API"). */
function shapeProblem(dialect: Dialect, body: Record<string, unknown>): string | undefined {
  const keys = Object.keys(body).sort().join(",");
  if (dialect === "qash") return keys === "code,message,success" && body.success === false && /^[A-Z_]+$/.test(String(body.code)) ? undefined : "not Qash's shape";
  if (dialect === "oauth") return keys === "error,error_description" && /^[a-z_]+$/.test(String(body.error)) ? undefined : "not RFC 6749's shape";
  return ["code,detail", "code,detail,params"].includes(keys) && /^[a-z_]+$/.test(String(body.code)) ? undefined : "not Sophic's shape";
}

let document: OpenApiDocument;
beforeAll(async () => {
  document = await fetchDocument();
});

describe("the examples of /openapi.json", () => {
  it("validate against the schema beside them, request bodies and answers alike", () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const media = [
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, content]) => [`request ${type}`, content] as const),
        ...Object.entries(operation.responses).flatMap(([status, response]) => Object.entries(response.content ?? {}).map(([type, content]) => [`${status} ${type}`, content] as const)),
      ];
      for (const [where, content] of media) {
        if (content.schema === undefined) continue;
        for (const example of examplesOf(content)) {
          const result = schemaValidator(document, content.schema).validate(example);
          if (!result.valid) problems.push(`${method.toUpperCase()} ${path} ${where}: ${describeErrors(result.errors)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("show every error status, in its dialect's shape, one example per code", () => {
    const problems: string[] = [];
    let examples = 0;
    for (const { method, path, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const where = `${method.toUpperCase()} ${path} ${status}`;
        const shown = examplesOf(response.content?.["application/json"] ?? {}) as Record<string, unknown>[];
        if (shown.length === 0) problems.push(`${where}: no example`);
        const codes = shown.map(errorCodeOf);
        if (new Set(codes).size !== codes.length) problems.push(`${where}: two examples of one code`);
        for (const body of shown) {
          const problem = shapeProblem(dialectOf(path), body);
          if (problem !== undefined) problems.push(`${where}: ${problem}: ${JSON.stringify(body)}`);
        }
        examples += shown.length;
      }
    }
    expect(problems).toEqual([]);
    expect(examples).toBeGreaterThan(100);
  });
});

/** Stand-ins for path parameters: well formed, and belonging to nobody. */
function concretePath(path: string): string {
  return path.replace(/\{userId\}/g, crypto.randomUUID()).replace(/\{[^}]+\}/g, "1");
}

type Callers = { admin: Record<string, string>; partner: Record<string, string>; user: QashSession; sophic: Record<string, string> };

/** The credentials each part of the surface takes, so a request gets past authentication to the check under test. */
function credentialsFor(callers: Callers, path: string): Record<string, string> {
  if (path.startsWith("/admin/")) return callers.admin;
  if (path.startsWith("/api/v1/partner/")) return callers.partner;
  if (path.startsWith("/api/v1/user/")) return callers.user.headers;
  return callers.sophic;
}

/** The problem with an answer, unless it is exactly one of the examples its operation shows for its status. */
async function unlikeItsExamples(method: string, url: string, response: Response): Promise<string | undefined> {
  const found = operationFor(document, method, new URL(url).pathname);
  const where = `${method} ${new URL(url).pathname} answered ${response.status}`;
  const declared = found?.operation.responses[String(response.status)]?.content?.["application/json"];
  if (declared === undefined) return `${where}, which is not declared`;
  const body = (await response.json()) as unknown;
  const shown = examplesOf(declared);
  return shown.some((example) => JSON.stringify(example) === JSON.stringify(body)) ? undefined : `${where} ${JSON.stringify(body)}, which no example shows: ${JSON.stringify(shown)}`;
}

describe("the error examples against the Worker's answers", () => {
  let callers: Callers;
  beforeAll(async () => {
    const partner = await createPartner();
    callers = {
      admin: { Authorization: `Bearer ${env.ADMIN_TOKEN}` },
      partner: partnerHeaders(partner),
      user: await qashSession(partner),
      sophic: (await sophicHeaders(partner)).headers,
    };
  });

  it("answers 415, as its examples show, to every JSON body sent as another media type", async () => {
    const problems: string[] = [];
    let probed = 0;
    for (const { method, path, operation } of operationsOf(document)) {
      if (operation.requestBody?.content["application/json"] === undefined) continue;
      const url = `${BASE}${concretePath(path)}`;
      const headers = { ...credentialsFor(callers, path), "Content-Type": "text/plain" };
      const response = await SELF.fetch(url, { method: method.toUpperCase(), headers, body: "{}" });
      const problem = response.status === 415 ? await unlikeItsExamples(method, url, response) : `${method} ${path}: expected 415, got ${response.status}`;
      if (problem !== undefined) problems.push(problem);
      probed += 1;
    }
    expect(problems).toEqual([]);
    expect(probed).toBeGreaterThanOrEqual(8);
  });

  it("answers refusals word for word as the examples of their status", async () => {
    const { user, partner, sophic, admin } = callers;
    const json = (headers: Record<string, string>) => ({ ...headers, "Content-Type": "application/json" });
    const accountId = await openQashAccount(user);
    const depositOf = (toAccountId: number, amount: number) => JSON.stringify({ toAccountId, amount, currency: "MXN", provider: "irisbank", description: "Top-up" });
    const key = crypto.randomUUID();
    const first = await SELF.fetch(`${BASE}/api/v1/user/deposit`, { method: "POST", headers: { ...user.headers, "Idempotency-Key": key }, body: depositOf(accountId, 100) });
    expect(first.status).toBe(200);
    const registered = await createUser(user.partner);
    const refusals: [path: string, init: RequestInit][] = [
      // 409 IDEMPOTENCY_KEY_CONFLICT, 404 NOT_FOUND, 400 INVALID_REQUEST (malformed JSON), 400 CURRENCY_NOT_SUPPORTED
      ["/api/v1/user/deposit", { method: "POST", headers: { ...user.headers, "Idempotency-Key": key }, body: depositOf(accountId, 200) }],
      ["/api/v1/user/deposit", { method: "POST", headers: user.headers, body: depositOf(1, 100) }],
      ["/api/v1/user/deposit", { method: "POST", headers: user.headers, body: "{" }],
      ["/api/v1/user/deposit", { method: "POST", headers: user.headers, body: JSON.stringify({ ...JSON.parse(depositOf(accountId, 100)), currency: "USD" }) }],
      // 409 DUPLICATE, 404 User not found
      ["/api/v1/partner/users", { method: "POST", headers: partner, body: JSON.stringify({ userType: "personal", email: registered.email, countryCode: "US" }) }],
      [`/api/v1/partner/users/${crypto.randomUUID()}`, { headers: partner }],
      // 400 idempotency_key_too_long, 404 Account not found, 404 Deposit not found
      ["/accounts", { method: "POST", headers: { ...json(sophic), "Idempotency-Key": "k".repeat(256) }, body: "{}" }],
      ["/accounts/1", { headers: sophic }],
      ["/accounts/1/deposits/1/cancel", { method: "POST", headers: sophic }],
      // 400 missing_param on the operator surface
      ["/admin/partners", { method: "POST", headers: json(admin), body: "{}" }],
    ];
    const problems: string[] = [];
    for (const [path, init] of refusals) {
      const url = `${BASE}${path}`;
      const method = init.method ?? "GET";
      const response = await SELF.fetch(url, init);
      const problem = response.status >= 400 ? await unlikeItsExamples(method, url, response) : `${method} ${path}: expected a refusal, got ${response.status}`;
      if (problem !== undefined) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });
});

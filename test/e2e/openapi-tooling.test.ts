// /openapi.json as partners' tooling reads it, served by the real Worker (`npm run dev`): redocly's recommended
// ruleset finds no error in it, and openapi-typescript turns it into exactly the committed src/openapi-types.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { client_types_path, clientTypesOf, lintRecommended, type LintProblem } from "./support/openapi-tooling";
import { sharedDevServer } from "./support/shared-dev-server";

/**
 * The recommended ruleset's warnings this document keeps, each for a reason: liveness, the docs page and the
 * document itself read no input and take no credentials, so no request to them can be refused with a 4xx.
 * (A wrong method is a 405, which, like a 5xx, is not declared per operation: see the README.)
 */
const accepted_warnings = [
  "operation-4xx-response #/paths/~1health/get/responses",
  "operation-4xx-response #/paths/~1docs/get/responses",
  "operation-4xx-response #/paths/~1openapi.json/get/responses",
];

const described = (problems: LintProblem[]) => problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer ?? ""}`);

type Document = { servers?: unknown; paths: Record<string, Record<string, { security?: unknown }>> };

let document: Document;
beforeAll(async () => {
  const response = await fetch(`${sharedDevServer().baseUrl}/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as Document;
});

describe("redocly lint, recommended ruleset", () => {
  it("reports no error, and no warning but the accepted ones", async () => {
    const problems = await lintRecommended(document);
    expect(described(problems.filter((problem) => problem.severity === "error"))).toEqual([]);
    expect(described(problems.filter((problem) => problem.severity === "warn")).sort()).toEqual([...accepted_warnings].sort());
  });

  it("is read for real: a document without servers, or with an operation that says nothing of security, fails", async () => {
    const broken = structuredClone(document);
    delete broken.servers;
    const health = broken.paths["/health"]?.get;
    if (health === undefined) throw new Error("GET /health is missing");
    delete health.security;
    const errors = (await lintRecommended(broken)).filter((problem) => problem.severity === "error");
    expect(described(errors)).toEqual(expect.arrayContaining([expect.stringMatching(/^no-empty-servers /), "security-defined #/paths/~1health/get"]));
  });
});

describe("openapi-typescript", () => {
  it("generates exactly the committed src/openapi-types.ts (regenerate: npm run openapi:types)", async () => {
    await expect(await clientTypesOf(document)).toMatchFileSnapshot(client_types_path);
  });
});

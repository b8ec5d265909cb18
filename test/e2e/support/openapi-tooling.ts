// Runs the tools partners point at /openapi.json: redocly's linter, and openapi-typescript, whose output
// the repository commits as src/openapi-types.ts for openapi-fetch.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const project_root = fileURLToPath(new URL("../../../", import.meta.url));

/** The committed output of openapi-typescript. */
export const client_types_path = join(project_root, "src/openapi-types.ts");

/** Why the file exists and how to refresh it, above openapi-typescript's own header. */
const client_types_banner =
  "// The types of GET /openapi.json for openapi-fetch: `createClient<paths>({ baseUrl })`.\n" +
  "// Regenerate after changing a route: npm run openapi:types (test/e2e/openapi-tooling.test.ts fails until then).\n";

/** openapi-typescript's rendering of the document, exactly as the committed file must read. */
export async function clientTypesOf(document: object): Promise<string> {
  // defaultNonNullable (on by default) would make a request field with a default required, such as a deposit's
  // request_advance, which the Worker, and the document, let a client leave out.
  const nodes = await openapiTS(document as Parameters<typeof openapiTS>[0], { silent: true, defaultNonNullable: false });
  return client_types_banner + COMMENT_HEADER + astToString(nodes);
}

export type LintProblem = { ruleId: string; severity: "error" | "warn"; message: string; location: { pointer: string }[] };

/** Redocly CLI's environment: offline, no telemetry, no "new version" notice. */
const redocly_env = { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };
const redocly_cli = join(project_root, "node_modules/@redocly/cli/bin/cli.js");

/**
 * `redocly lint --extends recommended` on the document, as the CLI partners install runs it (the
 * devDependency, with this Node), read from its JSON report.
 */
export async function lintRecommended(document: object): Promise<LintProblem[]> {
  const directory = mkdtempSync(join(tmpdir(), "deposit-ledger-lint-"));
  const file = join(directory, "openapi.json");
  writeFileSync(file, JSON.stringify(document));
  try {
    const report = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [redocly_cli, "lint", "--extends", "recommended", "--format", "json", "--max-problems", "1000", file], {
        cwd: directory,
        env: { ...process.env, ...redocly_env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const output: string[] = [];
      const errors: string[] = [];
      child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
      child.on("error", reject);
      // It exits 1 when it finds an error; the report says which, so only a missing report is a failure here.
      child.on("exit", () => (output.length > 0 ? resolve(output.join("")) : reject(new Error(`redocly lint wrote no report: ${errors.join("")}`))));
    });
    return (JSON.parse(report) as { problems: LintProblem[] }).problems;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

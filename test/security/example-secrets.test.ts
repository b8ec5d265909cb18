// The committed example secrets work on a developer's machine and nowhere else: a Worker that runs with them
// (or with a missing or weak signing key) outside local development answers every request with 503
// insecure_configuration in the caller's dialect and logs which setting is wrong, never its value.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import devVarsExample from "../../.dev.vars.example?raw";
import { example_secrets, local_development_variable } from "../../src/config/secrets";
import worker from "../../src/index";
import { BASE } from "../support/fixtures";
import { expectErrorDialect } from "../support/error-dialects";

type Settings = { ADMIN_TOKEN?: string; TOKEN_SIGNING_KEY?: string; LOCAL_DEVELOPMENT?: string };

const strong_admin_token = "a-real-admin-token-0123456789abcdef";
const strong_signing_key = "a-real-signing-key-0123456789abcdef";

/** The Worker's own fetch, as the runtime calls it, with the suite's bindings and these settings. */
async function fetchWith(settings: Settings, path: string, init: RequestInit = {}): Promise<Response> {
  const bindings: Record<string, unknown> = { ...env, ...settings };
  for (const name of Object.keys(settings) as (keyof Settings)[]) if (settings[name] === undefined) delete bindings[name];
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${BASE}${path}`, init), bindings as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

function captureErrors(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...values: unknown[]) => void lines.push(values.map(String).join(" ")));
  return lines;
}

afterEach(() => vi.restoreAllMocks());

const examples: Settings = { ...example_secrets };
const adminRequest = (token: string): RequestInit => ({
  method: "POST",
  headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
  body: JSON.stringify({ name: `Example ${crypto.randomUUID()}` }),
});
const partnerCount = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM partners").first<{ n: number }>())?.n;

describe("the example secrets outside local development", () => {
  it("answer 503 insecure_configuration to every request, /health included, in each caller's dialect", async () => {
    const errors = captureErrors();
    const health = await fetchWith(examples, "/health");
    expect(health.status).toBe(503);
    expect(health.headers.get("Cache-Control")).toBe("no-store");
    const healthText = await health.text();
    expectErrorDialect("sophic", health, healthText);
    expect(JSON.parse(healthText)).toEqual({ code: "insecure_configuration", detail: expect.stringContaining("refuses to serve") });

    const qash = await fetchWith(examples, "/api/v1/user/balance");
    expect(qash.status).toBe(503);
    expect(await qash.json()).toEqual({ success: false, message: expect.any(String), code: "INSECURE_CONFIGURATION" });

    const oauth = await fetchWith(examples, "/auth/token", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
    expect(oauth.status).toBe(503);
    expect(await oauth.json()).toEqual({ error: "temporarily_unavailable", error_description: expect.any(String) });

    // Whoever read the repository holds the example ADMIN_TOKEN: it provisions nothing.
    const before = await partnerCount();
    const admin = await fetchWith(examples, "/admin/partners", adminRequest(example_secrets.ADMIN_TOKEN));
    expect(admin.status).toBe(503);
    expect(await partnerCount()).toBe(before);

    expect(errors).toHaveLength(4);
    for (const line of errors) {
      expect(JSON.parse(line)).toMatchObject({
        level: "error",
        msg: "insecure configuration: refusing every request",
        settings: ["ADMIN_TOKEN is the example value from .dev.vars.example", "TOKEN_SIGNING_KEY is the example value from .dev.vars.example"],
      });
      for (const secret of Object.values(example_secrets)) expect(line).not.toContain(secret);
    }
  });

  it.each<[string, Settings, string[]]>([
    ["the example ADMIN_TOKEN alone", { ADMIN_TOKEN: example_secrets.ADMIN_TOKEN, TOKEN_SIGNING_KEY: strong_signing_key }, ["ADMIN_TOKEN is the example value from .dev.vars.example"]],
    ["the example TOKEN_SIGNING_KEY alone", { ADMIN_TOKEN: strong_admin_token, TOKEN_SIGNING_KEY: example_secrets.TOKEN_SIGNING_KEY }, ["TOKEN_SIGNING_KEY is the example value from .dev.vars.example"]],
    ["an empty TOKEN_SIGNING_KEY", { ADMIN_TOKEN: strong_admin_token, TOKEN_SIGNING_KEY: "" }, ["TOKEN_SIGNING_KEY is not set"]],
    ["no TOKEN_SIGNING_KEY", { ADMIN_TOKEN: strong_admin_token, TOKEN_SIGNING_KEY: undefined }, ["TOKEN_SIGNING_KEY is not set"]],
    ["a 31-character TOKEN_SIGNING_KEY", { ADMIN_TOKEN: strong_admin_token, TOKEN_SIGNING_KEY: "k".repeat(31) }, ["TOKEN_SIGNING_KEY is shorter than 32 characters"]],
    ["no ADMIN_TOKEN", { ADMIN_TOKEN: undefined, TOKEN_SIGNING_KEY: strong_signing_key }, ["ADMIN_TOKEN is not set (set a random token, or an empty one to lock /admin)"]],
    ["the examples with a local flag other than \"true\"", { ...examples, LOCAL_DEVELOPMENT: "1" }, ["ADMIN_TOKEN is the example value from .dev.vars.example", "TOKEN_SIGNING_KEY is the example value from .dev.vars.example"]],
  ])("%s: 503, and the log names exactly what is wrong", async (_name, settings, named) => {
    const errors = captureErrors();
    expect((await fetchWith({ LOCAL_DEVELOPMENT: undefined, ...settings }, "/health")).status).toBe(503);
    expect(errors.map((line) => (JSON.parse(line) as { settings: string[] }).settings)).toEqual([named]);
  });

  it("serve with real secrets, and with an empty ADMIN_TOKEN, which locks /admin instead", async () => {
    expect((await fetchWith({ ADMIN_TOKEN: strong_admin_token, TOKEN_SIGNING_KEY: strong_signing_key, LOCAL_DEVELOPMENT: undefined }, "/health")).status).toBe(200);
    const locked: Settings = { ADMIN_TOKEN: "", TOKEN_SIGNING_KEY: strong_signing_key, LOCAL_DEVELOPMENT: undefined };
    expect((await fetchWith(locked, "/health")).status).toBe(200);
    expect((await fetchWith(locked, "/admin/partners", adminRequest(""))).status).toBe(401);
  });
});

describe("the example secrets in local development", () => {
  it("serve, /admin included, when LOCAL_DEVELOPMENT is \"true\"", async () => {
    const errors = captureErrors();
    const local = { ...examples, LOCAL_DEVELOPMENT: "true" };
    expect((await fetchWith(local, "/health")).status).toBe(200);
    const admin = await fetchWith(local, "/admin/partners", adminRequest(example_secrets.ADMIN_TOKEN));
    expect(admin.status).toBe(201);
    expect(errors).toEqual([]);
  });
});

describe(".dev.vars.example", () => {
  const assignments = Object.fromEntries(
    devVarsExample
      .split("\n")
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
      .filter((match) => match !== null)
      .map((match) => [match[1], match[2]]),
  );

  it("holds exactly the example secrets the Worker refuses, and the local-development flag", () => {
    expect(assignments).toEqual({ ...example_secrets, [local_development_variable]: "true" });
  });
});
